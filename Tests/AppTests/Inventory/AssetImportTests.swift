import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Asset import and export", .serialized)
struct AssetImportTests {
    static let header =
        "tag,name,serial,imei,manufacturer,model,status,site,room,holder_employee,holder_site,purchase_date,purchase_cost,currency,supplier,order_number,cost_centre,warranty_end,notes\r\n"

    /// Kadri, Mart and Jaan at Tallinn, a laptop model and a phone model, and laptop LT-1 in stock.
    private func setUp(_ app: TestApp) async throws -> Asset {
        let org = try await SmallOrganisation.make(app)
        let service = AssetService(app: app.app, actor: .system)
        let laptop = try await service.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad T14", type: "laptop"))
        _ = try await service.createModel(.init(manufacturer: "Apple", name: "iPhone 15", type: "mobile_phone"))
        return try await service.create(.init(tag: "LT-1", name: "spare", serial: "PF1", modelID: laptop.id, siteID: org.site.id))
    }

    private func history(_ app: TestApp, _ tag: String) async throws -> [AssetEvent] {
        let asset = try #require(try await Asset.query(on: app.app.db).filter(\.$tagKey == tag).first())
        return try await AssetEvent.query(on: app.app.db).filter(\.$assetID == asset.id!).sort(\.$sequence).all()
    }

    @Test("A dry run lists every problem by row and column; valid rows only writes the rest, with their moves in the history")
    func checkThenValidRows() async throws {
        try await TestApp.with { app in
            _ = try await setUp(app)
            let csv =
                Self.header + """
                    LT-1,kadri-lt,PF1,,Lenovo,ThinkPad T14,,Tallinn,,E001,,2025-03-01,1299.00,EUR,Dustin,PO-7,,2028-03-01,\r
                    ,new-one,PF2,,lenovo,thinkpad t14,in_stock,Tallinn,,,,,,,,,,,\r
                    X-1,,,,Lenovo,ThinkPad X1,,,,,,,,,,,,,\r
                    lt-1,,,,Lenovo,ThinkPad T14,,,,,,,,,,,,,\r
                    X-2,,,,Lenovo,ThinkPad T14,deployed,,,E999,,,,,,,,,\r
                    X-3,,,,Lenovo,ThinkPad T14,disposed,,,,,,,,,,,,\r
                    X-4,,,,Lenovo,ThinkPad T14,in_stock,,,E002,,,,,,,,,\r
                    X-5,,PF1,,Lenovo,ThinkPad T14,,,,,,,12;x,EUR,,,,,\r
                    X-6,,,35-209900-176148-1,Lenovo,ThinkPad T14,,,,,,,,,,,,,\r

                    """
            let service = AssetImport(app: app.app, actor: .system)
            let dry = try await service.run(Array(csv.utf8), commit: false, mode: .validRowsOnly, language: .de)
            #expect(!dry.committed)
            #expect(
                dry.errors.map { "\($0.row) \($0.column) \($0.code)" }
                    == [
                        "4 model not_found", "5 tag duplicate_in_file", "6 holder_employee not_found", "7 status dispose_in_app",
                        "8 holder_employee holder_needs_deployed", "9 purchase_cost invalid", "9 serial taken", "10 imei invalid",
                    ])
            #expect(dry.errors.first { $0.code == "dispose_in_app" }?.message.contains("eigenen Seite") == true)
            #expect((dry.created, dry.updated, dry.skipped) == (1, 1, 7))
            #expect(try await app.count(Asset.self) == 1)

            // All or nothing refuses the whole file.
            let refused = try await service.run(Array(csv.utf8), commit: true, language: .en)
            #expect(!refused.committed && refused.errors.count == 8)
            #expect(try await app.count(Asset.self) == 1)

            let report = try await service.run(Array(csv.utf8), commit: true, mode: .validRowsOnly, language: .en)
            #expect(report.committed && (report.created, report.updated, report.skipped) == (1, 1, 7))
            let laptop = try #require(try await Asset.query(on: app.app.db).filter(\.$tagKey == "LT-1").first())
            #expect(laptop.status == .deployed && laptop.name == "kadri-lt" && laptop.purchaseCost?.plainDecimal == "1299.00")
            #expect(try await history(app, "LT-1").map(\.kindRaw) == ["created", "checkout"])
            let checkout = try #require(try await history(app, "LT-1").last)
            #expect(checkout.viaImport && checkout.reason.isEmpty)
            let browser = try await app.signedIn(.technician, language: .de)
            let page = try await browser.get("/hardware/\(laptop.id!)")
            #expect(page.body.contains(app.app.services.localizer.text("asset.event.via_import", .de)))
            #expect(!page.body.contains("CSV import"))
            // The new row got the next tag with the organisation's prefix, and starts its history.
            let new = try #require(try await Asset.query(on: app.app.db).filter(\.$serial == "PF2").first())
            #expect(new.tag == "QM-000001" && new.status == .inStock)
            #expect(try await history(app, "QM-000001").map(\.kindRaw) == ["created"])
            let summary = try #require(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.import").first())
            #expect(summary.changes?["skipped"]?.after == "7")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.update").count() == 1)

            // The export re-imports unchanged, in CSV and in JSON.
            for format in ExportFormat.allCases {
                let exported = try await AssetTable.export(on: app.app.db, format: format)
                let again = try await service.run(Array(exported), commit: true, language: .en)
                #expect(again.errors.isEmpty && (again.created, again.updated, again.unchanged) == (0, 0, 2), "\(format)")
            }
            // A row without a tag updates the asset with its serial number; a new holder is a check-in and a check-out.
            let update =
                Self.header + ",,PF2,,Lenovo,ThinkPad T14,,,,,,,,,,,,,under the desk\r\nLT-1,,,,Lenovo,ThinkPad T14,,,,E003,,,,,,,,,\r\n"
            let updated = try await service.run(Array(update.utf8), commit: true, language: .en)
            #expect(updated.errors.isEmpty && (updated.created, updated.updated) == (0, 2))
            #expect(try await Asset.query(on: app.app.db).filter(\.$serial == "PF2").first()?.notes == "under the desk")
            #expect(try await history(app, "LT-1").map(\.kindRaw) == ["created", "checkout", "checkin", "checkout"])
            // Going back to stock is a check-in; the holder is cleared.
            let back = try await service.run(
                Array((Self.header + "LT-1,,,,Lenovo,ThinkPad T14,in_stock,,,,,,,,,,,,\r\n").utf8), commit: true, language: .en)
            #expect(back.errors.isEmpty && back.updated == 1)
            let returned = try #require(try await Asset.query(on: app.app.db).filter(\.$tagKey == "LT-1").first())
            #expect(returned.status == .inStock && returned.assignedEmployeeID == nil)
            // A move the lifecycle does not allow is refused.
            let ordered = try await service.run(
                Array((Self.header + "LT-1,,,,Lenovo,ThinkPad T14,ordered,,,,,,,,,,,,\r\n").utf8), commit: true, language: .en)
            #expect(ordered.errors.map(\.code) == ["transition_not_allowed"])
            // A file with only some columns changes only those: here, the notes, then who holds LT-1.
            #expect(try await service.run(Array("tag,notes\r\nLT-1,keep me\r\n".utf8), commit: true, language: .en).updated == 1)
            let partial = try await service.run(Array("tag,holder_employee\r\nLT-1,E002\r\n".utf8), commit: true, language: .en)
            #expect(partial.errors.isEmpty && partial.updated == 1)
            let handed = try #require(try await Asset.query(on: app.app.db).filter(\.$tagKey == "LT-1").first())
            #expect(handed.status == .deployed && handed.notes == "keep me" && handed.type == .laptop)
            #expect(try await Employee.find(handed.assignedEmployeeID, on: app.app.db)?.employeeNumber == "E002")
            let retired = try await service.run(Array("tag,status\r\nLT-1,retired\r\n".utf8), commit: true, language: .en)
            #expect(retired.errors.isEmpty)
            #expect(try await Asset.query(on: app.app.db).filter(\.$tagKey == "LT-1").first()?.assignedEmployeeID == nil)
            #expect(try await history(app, "LT-1").suffix(2).map(\.kindRaw) == ["checkin", "status"])
        }
    }

    @Test("The page, the API and the command line import and export assets; only inventory roles may")
    func pageAPIAndCLI() async throws {
        try await TestApp.with { app in
            _ = try await setUp(app)
            let browser = try await app.signedIn(.technician)
            #expect(try await browser.get("/hardware").body.contains("href=\"/hardware/import\""))
            let form = try await browser.get("/hardware/import")
            #expect(form.body.contains("name=\"validOnly\""))
            let boundary = "qm-boundary"
            func multipart(_ csv: String, action: String, validOnly: Bool) -> String {
                var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(form.formValue("_csrf") ?? "")\r\n"
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n\(action)\r\n"
                if validOnly { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"validOnly\"\r\n\r\non\r\n" }
                return body
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"assets.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                    + "--\(boundary)--\r\n"
            }
            let csv = Self.header + "NB-1,,,,Lenovo,ThinkPad T14,,,,,,,,,,,,,\r\nNB-2,,,,Acme,Nothing,,,,,,,,,,,,,\r\n"
            let refused = try await browser.request(
                .POST, "/hardware/import", body: multipart(csv, action: "import", validOnly: false),
                contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(refused.status == .unprocessableEntity && refused.body.contains("1 problem"))
            #expect(try await app.count(Asset.self) == 1)
            let partial = try await browser.request(
                .POST, "/hardware/import", body: multipart(csv, action: "import", validOnly: true),
                contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(partial.status == .ok)
            #expect(
                partial.body.contains("1 created") && partial.body.contains("1 row with problems was left out")
                    && !partial.body.contains("nothing was written"))
            #expect(try await app.count(Asset.self) == 2)

            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let row = Self.header + "NB-3,,,,Lenovo,ThinkPad T14,,,,,,,,,,,,,\r\nNB-4,,,,Lenovo,ThinkPad T14,,Atlantis,,,,,,,,,,,\r\n"
            let bad = try await api.raw(.POST, "/api/v1/assets/import?commit=true", body: row, contentType: "text/csv")
            #expect(bad.status == .unprocessableEntity && bad.json["committed"] as? Bool == false)
            let valid = try await api.raw(.POST, "/api/v1/assets/import?commit=true&mode=valid", body: row, contentType: "text/csv")
            #expect(valid.status == .ok && valid.json["skipped"] as? Int == 1 && valid.json["created"] as? Int == 1)
            #expect(
                try await api.raw(.POST, "/api/v1/assets/import?mode=most", body: row, contentType: "text/csv").status
                    == .unprocessableEntity)
            let (_, officer) = try await app.token(.peopleOfficer)
            let employees = try await APIClient(app, token: officer).raw(
                .POST, "/api/v1/employees/import?mode=valid", body: ImportExportTests.header, contentType: "text/csv")
            #expect(employees.status == .unprocessableEntity)
            let exported = try await api.call(.GET, "/api/v1/assets/export?format=json")
            #expect(exported.jsonArray.map { $0["tag"] as? String } == ["LT-1", "NB-1", "NB-3"])

            for role in [Role.employee, .executive, .peopleOfficer] {
                let (_, other) = try await app.token(role)
                let client = APIClient(app, token: other)
                #expect(try await client.raw(.POST, "/api/v1/assets/import", body: row, contentType: "text/csv").status == .forbidden)
                #expect(try await client.call(.GET, "/api/v1/assets/export").status == .forbidden, "\(role)")
            }

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("qm-assets-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(
                (Self.header
                    + "NB-5,,,,Lenovo,ThinkPad T14,,,,,,,,,,,,,\r\nNB-6,,,,Lenovo,ThinkPad T14,retired,,,,,,,,,,,,\r\nNB-7,,,,Lenovo,,,,,,,,,,,,,,\r\n")
                    .utf8
            )
            .write(to: file)
            let strict = try CommandLine.run(["import", "assets", file.path, "--database", app.databaseURL])
            #expect(strict.status == 1 && strict.error.contains(":4 model: "))
            let lenient = try CommandLine.run(["import", "assets", file.path, "--valid-only", "--database", app.databaseURL])
            #expect(lenient.status == 0, "\(lenient.error)")
            #expect(lenient.output.contains("2 new") && lenient.output.contains("1 left out"))
            let listing = try CommandLine.run(["export", "assets", "--database", app.databaseURL])
            #expect(listing.output.hasPrefix("tag,name,serial") && listing.output.contains("NB-6,,,,Lenovo,ThinkPad T14,retired"))
            #expect(try CommandLine.run(["import", "employees", file.path, "--valid-only", "--database", app.databaseURL]).status != 0)
        }
    }

    @Test("Models: created with their manufacturers, updated by name, a type change taking the assets along; export re-imports")
    func models() async throws {
        try await TestApp.with { app in
            _ = try await setUp(app)
            let service = ModelImport(app: app.app, actor: .system)
            let csv = """
                manufacturer,model,type,end_of_life,lifetime_months,list_price,currency\r
                lenovo,thinkpad t14,workstation,2029-06-30,48,1399.00,EUR\r
                Fairphone,Fairphone 5,mobile_phone,,60,699,\r
                Fairphone,Fairphone 5,mobile_phone,,60,699,\r
                Acme,Gadget,toaster,2029-02-30,forever,,\r

                """
            let dry = try await service.run(Array(csv.utf8), commit: true, language: .en)
            #expect(!dry.committed)
            #expect(
                dry.errors.map { "\($0.row) \($0.column) \($0.code)" }
                    == ["4 model duplicate_in_file", "5 end_of_life date_invalid", "5 lifetime_months invalid", "5 type invalid"])
            let report = try await service.run(Array(csv.utf8), commit: true, mode: .validRowsOnly, language: .en)
            #expect(report.committed && (report.created, report.updated, report.skipped) == (1, 1, 2))
            let model = try #require(try await AssetModel.query(on: app.app.db).filter(\.$name == "thinkpad t14").first())
            #expect(model.type == .workstation && model.lifetimeMonths == 48 && model.listPrice?.plainDecimal == "1399.00")
            // The laptop LT-1 is a workstation now, as its model says.
            #expect(try await Asset.query(on: app.app.db).filter(\.$tagKey == "LT-1").first()?.type == .workstation)
            #expect(try await Manufacturer.query(on: app.app.db).filter(\.$nameKey == "fairphone").count() == 1)
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "manufacturer.create").count() == 3)
            let exported = try await ModelTable.export(on: app.app.db, format: .csv)
            #expect(String(decoding: exported, as: UTF8.self).contains("Fairphone,Fairphone 5,mobile_phone,,60,699.00,EUR"))
            let again = try await service.run(Array(exported), commit: true, language: .en)
            #expect(again.errors.isEmpty && (again.created, again.updated, again.unchanged) == (0, 0, 3))

            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let viaAPI = try await api.raw(
                .POST, "/api/v1/asset-models/import", body: String(decoding: exported, as: UTF8.self), contentType: "text/csv")
            #expect(viaAPI.status == .ok && viaAPI.json["unchanged"] as? Int == 3)
            #expect(try await api.call(.GET, "/api/v1/asset-models/export?format=json").jsonArray.count == 3)
            let (_, executive) = try await app.token(.executive)
            #expect(try await APIClient(app, token: executive).call(.GET, "/api/v1/asset-models/export").status == .forbidden)
        }
    }

    @Test("IP addresses: matched by address, placed on a device's interface by tag and name; export re-imports")
    func addresses() async throws {
        try await TestApp.with { app in
            _ = try await setUp(app)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            #expect(try await api.call(.POST, "/api/v1/interfaces", ["assetTag": "LT-1", "name": "eth0"]).status == .created)
            #expect(try await api.call(.POST, "/api/v1/ip/addresses", ["address": "10.20.0.5", "description": "old"]).status == .created)
            let csv = """
                address,status,dns_name,description,device,interface\r
                10.20.0.5/24,reserved,,printer,,\r
                10.20.0.6,dhcp,lt-1.example.lan,,lt-1,ETH0\r
                10.20.0.006,active,,,,\r
                2001:db8::1,active,,,LT-1,wlan0\r
                10.20.0.7,lost,bad name!,,,\r
                10.20.0.8,active,,,LT-1,\r

                """
            let service = AddressImport(app: app.app, actor: .system)
            let report = try await service.run(Array(csv.utf8), commit: true, mode: .validRowsOnly, language: .en)
            #expect(
                report.errors.map { "\($0.row) \($0.column) \($0.code)" }
                    == [
                        "4 address ip_invalid", "5 interface not_found", "6 dns_name invalid", "6 status invalid", "7 interface required",
                    ])
            #expect(report.committed && (report.created, report.updated, report.skipped) == (1, 1, 4), "\(report)")
            let old = try #require(try await IPAddressRecord.query(on: app.app.db).filter(\.$addressText == "10.20.0.5").first())
            #expect(old.status == "reserved" && old.description == "printer" && old.prefixLength == 24 && old.version == 2)
            let placed = try #require(try await IPAddressRecord.query(on: app.app.db).filter(\.$addressText == "10.20.0.6").first())
            #expect(placed.interfaceID != nil && placed.dnsName == "lt-1.example.lan")
            // The search finds the laptop by the imported address.
            let found = try await api.call(.GET, "/api/v1/search?q=10.20.0.6").json
            #expect((found["assets"] as? [[String: Any]])?.first?["tag"] as? String == "LT-1")
            let exported = try await api.call(.GET, "/api/v1/ip/addresses/export")
            #expect(exported.body.contains("10.20.0.6,dhcp,lt-1.example.lan,,LT-1,eth0"))
            let again = try await api.raw(.POST, "/api/v1/ip/addresses/import?commit=true", body: exported.body, contentType: "text/csv")
            #expect(again.status == .ok && again.json["unchanged"] as? Int == 2)
            let (_, employee) = try await app.token(.employee)
            #expect(try await APIClient(app, token: employee).call(.GET, "/api/v1/ip/addresses/export").status == .forbidden)
            let browser = try await app.signedIn(.technician, language: .sv)
            #expect(try await browser.get("/network/addresses/import").body.contains("Importera IP-adresser"))
            #expect(try await browser.get("/network").body.contains("href=\"/network/addresses/import\""))
            #expect(try await browser.get("/hardware/models").body.contains("href=\"/hardware/models/import\""))
        }
    }
}
