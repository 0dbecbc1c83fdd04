import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Software, licences and compliance", .serialized)
struct SoftwareTests {
    struct Fixture {
        let tallinn: Site
        let berlin: Site
        let office: SoftwareProduct
        let people: [Employee]
    }

    /// Four people in Tallinn with a laptop each, two of them with a desktop too; a laptop in stock in Berlin; a retired
    /// laptop. "Microsoft 365 Apps" is installed on every one of them.
    private func fixture(_ app: TestApp) async throws -> Fixture {
        let structure = StructureService(app: app.app, actor: .system)
        let tallinn = try await structure.createSite(
            .init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
        let berlin = try await structure.createSite(
            .init(name: "Berlin", address: "Friedrichstr. 1", country: "DE", timeZone: "Europe/Berlin"))
        let assets = AssetService(app: app.app, actor: .system)
        let laptop = try await assets.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad T14", type: "laptop"))
        let desktop = try await assets.createModel(.init(manufacturer: "Dell", name: "OptiPlex 7010", type: "workstation"))
        let staff = EmployeeService(app: app.app, actor: .system)
        var people: [Employee] = []
        for (index, name) in ["Anna", "Jaan", "Mari", "Peeter"].enumerated() {
            people.append(
                try await staff.create(.init(employeeNumber: "E\(index + 1)", firstName: name, lastName: "Tamm", status: .active)))
        }
        let software = SoftwareService(app: app.app, actor: .system)
        let office = try await software.createProduct(.init(publisher: "Microsoft", name: "365 Apps", category: "office"))
        for (index, person) in people.enumerated() {
            let tag = "NB-\(index + 1)"
            let asset = try await assets.create(.init(tag: tag, modelID: laptop.id, siteID: tallinn.id))
            _ = try await assets.move(asset.id!, expectedVersion: 1, .init(to: "deployed", holder: .employee(person.id!)))
            _ = try await software.install(product: office.id!, assetTag: tag, productVersion: "2408")
            if index < 2 {
                let pc = try await assets.create(.init(tag: "PC-\(index + 1)", modelID: desktop.id, siteID: tallinn.id))
                _ = try await assets.move(pc.id!, expectedVersion: 1, .init(to: "deployed", holder: .employee(person.id!)))
                _ = try await software.install(product: office.id!, assetTag: "pc-\(index + 1)", productVersion: "2402")
            }
        }
        _ = try await assets.create(.init(tag: "NB-STOCK", modelID: laptop.id, siteID: berlin.id))
        _ = try await software.install(product: office.id!, assetTag: "NB-STOCK", productVersion: "2408")
        let retired = try await assets.create(.init(tag: "NB-OLD", modelID: laptop.id, siteID: tallinn.id))
        _ = try await software.install(product: office.id!, assetTag: "NB-OLD", productVersion: "2108")
        _ = try await assets.move(retired.id!, expectedVersion: 1, .init(to: "retired", reason: "broken"))
        return Fixture(tallinn: tallinn, berlin: berlin, office: office, people: people)
    }

    @Test("Compliance counts people for per-user licences, leaves retired assets out, and prices the idle seats per year")
    func complianceThroughAPI() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            // Ten subscription seats at 12.50 each a month: 4 people plus the unheld Berlin laptop need 5.
            let created = try await api.call(
                .POST, "/api/v1/licences",
                [
                    "productId": fixture.office.id!.uuidString, "name": "M365 Apps 2026", "kind": "subscription", "seats": 10,
                    "cost": ["minorUnits": 12_500, "currency": "EUR"], "billing": "monthly", "startDate": "2026-01-01",
                    "renewalDate": "2026-12-31", "autoRenews": true,
                ])
            #expect(created.status == .created)
            #expect(created.json["inForce"] as? Bool == true)
            #expect((created.json["costPerYear"] as? [String: Any])?["minorUnits"] as? Int == 150_000)
            let report = try await api.call(.GET, "/api/v1/software/compliance").jsonArray
            let office = try #require(report.first { $0["product"] as? String == "365 Apps" })
            #expect(office["installations"] as? Int == 7)  // the retired laptop does not count
            #expect(office["demand"] as? Int == 5)
            #expect(office["entitled"] as? Int == 10)
            #expect(office["surplus"] as? Int == 5)
            #expect(office["status"] as? String == "over_licensed")
            #expect((office["surplusCostPerYear"] as? [[String: Any]])?.first?["minorUnits"] as? Int == 75_000)

            // Executives read the report but not the records behind it; employees read neither.
            let (_, executive) = try await app.token(.executive)
            #expect(try await APIClient(app, token: executive).call(.GET, "/api/v1/software/compliance").status == .ok)
            #expect(try await APIClient(app, token: executive).call(.GET, "/api/v1/licences").status == .forbidden)
            let (_, employee) = try await app.token(.employee)
            #expect(try await APIClient(app, token: employee).call(.GET, "/api/v1/software/compliance").status == .forbidden)

            // Installing on the stock laptop's new holder and a per-device licence on top: devices are counted now.
            let versions = try await api.call(.GET, "/api/v1/software/\(fixture.office.id!.uuidString)/installations").jsonArray
            #expect(versions.map { $0["assetTag"] as? String } == ["NB-1", "NB-2", "NB-3", "NB-4", "NB-OLD", "NB-STOCK", "PC-1", "PC-2"])
            _ = try await api.call(
                .POST, "/api/v1/licences",
                [
                    "productId": fixture.office.id!.uuidString, "name": "Office LTSC for kiosks", "kind": "per_device", "seats": 1,
                    "billing": "one_time", "startDate": "2025-01-01",
                ])
            let devices = try #require(
                try await api.call(.GET, "/api/v1/software/compliance").jsonArray.first { $0["product"] as? String == "365 Apps" })
            #expect(devices["demand"] as? Int == 7)
            #expect(devices["surplus"] as? Int == 4)
        }
    }

    @Test("A site licence covers its site; installations elsewhere show as a shortfall, and the CSV says so")
    func siteLicenceAndCSV() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let software = SoftwareService(app: app.app, actor: .system)
            #expect(
                await fieldErrors {
                    try await software.createLicence(
                        .init(productID: fixture.office.id, name: "Campus", kind: "site", startDate: "2026-01-01"))
                } == [FieldError(field: "siteId", code: .required)])
            _ = try await software.createLicence(
                .init(
                    productID: fixture.office.id, name: "Campus Tallinn", kind: "site", siteID: fixture.tallinn.id,
                    cost: Money(minorUnits: 900_000, currency: .eur), startDate: "2026-01-01"))
            let browser = try await app.signedIn(.executive)
            let page = try await browser.get("/software/compliance")
            #expect(page.status == .ok)
            #expect(page.body.contains("Under-licensed"))
            #expect(!page.body.contains("href=\"/software/\(fixture.office.id!.uuidString)"))  // no links into the records
            let csv = try await browser.get("/software/compliance/export")
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix("publisher,product,category,status,licences,entitled,installations") == true)
            #expect(lines.contains("Microsoft,365 Apps,office,under_licensed,1,,7,6,0,1,0,1,,,EUR 9000.00"))
        }
    }

    @Test("Seats go to named people or devices as the licence counts; never more than bought, never twice")
    func assignments() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token, acceptLanguage: "de")
            let licence = try await api.call(
                .POST, "/api/v1/licences",
                ["productId": fixture.office.id!.uuidString, "name": "Visio", "kind": "per_user", "seats": 2, "startDate": "2026-01-01"])
            let id = try #require(licence.json["id"] as? String)
            #expect(try await api.call(.POST, "/api/v1/licences/\(id)/assignments", ["employeeNumber": "E1"]).status == .created)
            let twice = try await api.call(.POST, "/api/v1/licences/\(id)/assignments", ["employeeNumber": "E1"])
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.body.contains("bereits"))  // "already in use", in German
            let second = try await api.call(.POST, "/api/v1/licences/\(id)/assignments", ["employeeNumber": "E2"])
            #expect(second.json["assignee"] as? String == "E2 Jaan Tamm")
            let full = try await api.call(.POST, "/api/v1/licences/\(id)/assignments", ["employeeNumber": "E3"])
            #expect(full.status == .unprocessableEntity)
            #expect(full.body.contains("no_seats_left"))
            let fewer = try await api.call(.PATCH, "/api/v1/licences/\(id)", ["seats": 1], headers: ["If-Match": "\"1\""])
            #expect(fewer.body.contains("below_assigned"))
            #expect(try await api.call(.DELETE, "/api/v1/licence-assignments/\(second.json["id"] as! String)").status == .noContent)
            #expect(try await api.call(.PATCH, "/api/v1/licences/\(id)", ["seats": 1], headers: ["If-Match": "\"1\""]).status == .ok)
            let audit = try await AuditEntry.query(on: app.app.db).filter(\.$entityID == id).all().map(\.action)
            #expect(Set(audit) == ["licence.create", "licence.assign", "licence.unassign", "licence.update"])

            let perDevice = try await api.call(
                .POST, "/api/v1/licences",
                ["productId": fixture.office.id!.uuidString, "name": "Kiosk", "kind": "per_device", "seats": 5, "startDate": "2026-01-01"])
            let deviceID = try #require(perDevice.json["id"] as? String)
            #expect(
                try await api.call(.POST, "/api/v1/licences/\(deviceID)/assignments", ["employeeNumber": "E1"]).status
                    == .unprocessableEntity)
            #expect(try await api.call(.POST, "/api/v1/licences/\(deviceID)/assignments", ["assetTag": "pc-1"]).status == .created)
        }
    }

    @Test("A licence key is stored sealed, never listed or audited, and shown only to IT roles, each time audited")
    func licenceKeys() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            let key = "NKJFK-GPHP7-G8C3J-P6JXR-HQRJR"
            let created = try await api.call(
                .POST, "/api/v1/licences",
                [
                    "productId": fixture.office.id!.uuidString, "name": "Office 2021 volume", "kind": "per_device", "seats": 20,
                    "billing": "one_time", "startDate": "2024-03-01", "key": key,
                ])
            #expect(created.status == .created)
            #expect(created.json["hasKey"] as? Bool == true)
            #expect(!created.body.contains(key))
            let id = try #require(created.json["id"] as? String)
            let stored = try await app.sql.select().column("key_sealed").from("licences").first()
            let sealed = try #require(try stored?.decode(column: "key_sealed", as: String?.self))
            #expect(!sealed.contains("NKJFK") && sealed.hasPrefix("v1:"))
            #expect(!(try await api.call(.GET, "/api/v1/licences").body.contains(key)))

            let (_, technician) = try await app.token(.technician)
            let revealed = try await APIClient(app, token: technician).call(.POST, "/api/v1/licences/\(id)/reveal-key")
            #expect(revealed.json["key"] as? String == key)
            #expect(revealed.headers.first(name: .cacheControl) == "no-store")
            for role in [Role.executive, .employee, .peopleOfficer] {
                let (_, other) = try await app.token(role)
                #expect(try await APIClient(app, token: other).call(.POST, "/api/v1/licences/\(id)/reveal-key").status == .forbidden)
            }
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "licence.reveal_key").count() == 1)

            // Leaving the key out keeps it; an empty one removes it. No audit entry ever holds the key.
            let renamed = try await api.call(.PATCH, "/api/v1/licences/\(id)", ["name": "Office LTSC 2021"], headers: ["If-Match": "\"1\""])
            #expect(renamed.json["hasKey"] as? Bool == true)
            let cleared = try await api.call(.PATCH, "/api/v1/licences/\(id)", ["key": ""], headers: ["If-Match": "\"2\""])
            #expect(cleared.json["hasKey"] as? Bool == false)
            #expect(try await APIClient(app, token: technician).call(.POST, "/api/v1/licences/\(id)/reveal-key").json["key"] is NSNull)
            let entries = try await AuditEntry.query(on: app.app.db).filter(\.$entityID == id).all()
            #expect(entries.allSatisfy { entry in !(entry.changes ?? [:]).values.contains { $0.after == key || $0.before == key } })
            #expect(entries.first { $0.action == "licence.create" }?.changes?["key"]?.after == "stored")
        }
    }

    @Test("In the browser: products, installations, a licence form and its key shown once, in Swedish")
    func pages() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let browser = try await app.signedIn(.itManager, language: .sv)
            let list = try await browser.get("/software")
            #expect(list.status == .ok)
            #expect(list.body.contains("Programvara"))
            #expect(list.body.contains("Olicensierad"))  // installed, no licence yet
            let product = "/software/\(fixture.office.id!.uuidString)"
            let missing = try await browser.submit(product + "/installations", ["assetTag": "NB-404"], from: product)
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("Posten finns inte"))
            let detail = try await browser.get(product)
            #expect(detail.body.contains("2408: 5"))  // NB-1..4 and NB-STOCK; the retired laptop keeps its record
            let saved = try await browser.submit(
                "/licences",
                [
                    "productId": fixture.office.id!.uuidString, "name": "Volym 2026", "kind": "per_user", "seats": "8", "cost": "1 200,00",
                    "currency": "SEK", "billing": "yearly", "startDate": "2026-01-01", "renewalMonths": "12", "key": "SECRET-KEY-1",
                ], from: "/licences/new")
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location)).split(separator: "?").first.map(String.init)!
            let page = try await browser.get(location)
            #expect(page.body.contains("Visa nyckel"))
            #expect(!page.body.contains("SECRET-KEY-1"))
            let shown = try await browser.submit(location + "/reveal", [:], from: location)
            #expect(shown.status == .ok)
            #expect(shown.body.contains("SECRET-KEY-1"))
            #expect(shown.headers.first(name: .cacheControl) == "no-store")
            let assigned = try await browser.submit(location + "/assignments", ["employeeNumber": "E3"], from: location)
            #expect(assigned.status == .seeOther)
            #expect(try await browser.get(location).body.contains("E3 Mari Tamm"))
            let bad = try await browser.submit(
                "/licences", ["productId": "", "name": "", "kind": "per_user", "seats": "x", "startDate": "31.12.2026"],
                from: "/licences/new")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Inget giltigt datum"))
            // Employees do not browse the software records.
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get("/software").status == .forbidden)
            #expect(try await employee.get(location).status == .forbidden)
        }
    }

    @Test("A licence's renewal shows in the deadlines list and rolls on when it renews automatically")
    func renewalDeadline() async throws {
        try await TestApp.with { app in
            // The test clock stands at 2026-11-18.
            let fixture = try await fixture(app)
            _ = try await SoftwareService(app: app.app, actor: .system).createLicence(
                .init(
                    productID: fixture.office.id, name: "M365 yearly", kind: "subscription", seats: 5, startDate: "2025-01-01",
                    renewalDate: "2025-12-31", autoRenews: true))
            let (_, token) = try await app.token(.itManager)
            let deadlines = try await APIClient(app, token: token).call(.GET, "/api/v1/deadlines").jsonArray
            let renewal = try #require(deadlines.first { $0["kind"] as? String == "licence_renewal" })
            #expect(renewal["date"] as? String == "2026-12-31")
            #expect(renewal["subject"] as? String == "Microsoft 365 Apps – M365 yearly")
        }
    }

    @Test("The demo company's software shows every licence position, and its keys open with the shared key")
    func demo() async throws {
        try await TestApp.with { app in
            let result = try CommandLine.run(["demo", "load", "--database", app.databaseURL, "--employees", "60"])
            #expect(result.status == 0, "\(result.error)")
            let today = try await app.app.organisationToday()
            let rows = try await SoftwareCompliance.positions(on: app.app.db, today: today)
            let status = Dictionary(uniqueKeysWithValues: rows.map { ($0.product.name, $0.position.status) })
            #expect(status["365 Apps for business"] == .overLicensed)
            #expect(status["Endpoint Security"] == .underLicensed)
            #expect(status["Windows 11 Pro"] == .compliant)
            #expect(status["TeamViewer Business"] == .compliant)
            #expect(status["AutoCAD LT"] == .underLicensed)  // spread beyond the Hamburg site licence
            #expect(status["Unternehmen online"] == .unused)
            let office = try #require(rows.first { $0.product.name == "365 Apps for business" }?.position)
            #expect(office.surplus > 0 && !office.surplusCostPerYear.isEmpty)
            let intellij = try #require(try await Licence.query(on: app.app.db).filter(\.$name ~~ "IntelliJ").first())
            #expect(try await LicenceAssignment.query(on: app.app.db).filter(\.$licenceID == intellij.id!).count() > 0)
            let key = try #require(try await SoftwareService(app: app.app, actor: .system).revealKey(intellij.id!))
            #expect(key.split(separator: "-").count == 5)
            let (_, token) = try await app.token(.itManager)
            let deadlines = try await APIClient(app, token: token).call(.GET, "/api/v1/deadlines?days=100").jsonArray
            #expect(deadlines.contains { $0["kind"] as? String == "licence_renewal" })
            #expect(try CommandLine.run(["audit", "verify", "--database", app.databaseURL]).status == 0)
        }
    }
}
