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
            #expect(try await history(app, "LT-1").last?.reason == "CSV import")
            // The new row got the next tag with the organisation's prefix, and starts its history.
            let new = try #require(try await Asset.query(on: app.app.db).filter(\.$serial == "PF2").first())
            #expect(new.tag == "QM-000001" && new.status == .inStock)
            #expect(try await history(app, "QM-000001").map(\.kindRaw) == ["created"])
            let summary = try #require(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.import").first())
            #expect(summary.changes?["skipped"]?.after == "7")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.update").count() == 1)

            // The export re-imports unchanged, in CSV and in JSON.
            for format in OrganisationExport.Format.allCases {
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
            #expect(partial.body.contains("1 created") && partial.body.contains("1 rows with problems were left out"))
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
}
