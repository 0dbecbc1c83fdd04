import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Hardware assets", .serialized)
struct AssetTests {
    private func service(_ app: TestApp) -> AssetService { AssetService(app: app.app, actor: .system) }

    /// A site, a laptop model and a phone model, and two employees.
    private struct Fixture {
        let site: Site
        let laptop: AssetModel
        let phone: AssetModel
        let anna: Employee
        let jaan: Employee
    }

    private func fixture(_ app: TestApp) async throws -> Fixture {
        let site = try await StructureService(app: app.app, actor: .system).createSite(
            .init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
        let assets = service(app)
        let laptop = try await assets.createModel(
            .init(
                manufacturer: "Lenovo", name: "ThinkPad T14 Gen 4", type: "laptop", endOfLife: "2029-06-30", lifetimeMonths: 48,
                listPrice: Money(minorUnits: 134_900, currency: .eur)))
        let phone = try await assets.createModel(.init(manufacturer: "apple ", name: "iPhone 14", type: "mobile_phone"))
        let people = EmployeeService(app: app.app, actor: .system)
        let anna = try await people.create(.init(employeeNumber: "E1", firstName: "Anna", lastName: "Schmidt", status: .active))
        let jaan = try await people.create(.init(employeeNumber: "E2", firstName: "Jaan", lastName: "Tamm", status: .active))
        return Fixture(site: site, laptop: laptop, phone: phone, anna: anna, jaan: jaan)
    }

    @Test("Models find their manufacturer by name without regard to case; a model name is unique per manufacturer; bad fields all reported")
    func models() async throws {
        try await TestApp.with { app in
            let assets = service(app)
            let first = try await assets.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad X1", type: "laptop"))
            let second = try await assets.createModel(.init(manufacturer: " LENOVO", name: "ThinkCentre M70q", type: "workstation"))
            #expect(first.manufacturerID == second.manufacturerID)
            #expect(try await app.count(Manufacturer.self) == 1)
            #expect(
                await fieldErrors { try await assets.createModel(.init(manufacturer: "lenovo", name: "ThinkPad X1", type: "laptop")) } == [
                    FieldError(field: "name", code: .taken)
                ])
            #expect(
                await fieldErrors {
                    try await assets.createModel(
                        .init(manufacturer: "", name: "X", type: "toaster", endOfLife: "2029-02-30", lifetimeMonths: 0))
                } == [
                    FieldError(field: "manufacturer", code: .required), FieldError(field: "type", code: .invalid),
                    FieldError(field: "endOfLife", code: .dateInvalid), FieldError(field: "lifetimeMonths", code: .outOfRange),
                ])
            // Changing a model's type takes its assets along, so that lists filtered by type stay right.
            let asset = try await assets.create(.init(modelID: first.id))
            _ = try await assets.updateModel(
                first.id!, expectedVersion: 1, .init(manufacturer: "Lenovo", name: "ThinkPad X1", type: "workstation"))
            #expect(try await Asset.find(asset.id, on: app.app.db)?.typeRaw == "workstation")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "manufacturer.create").count() == 1)
        }
    }

    @Test("Tags are generated with the organisation's prefix and unique without regard to case; serials per model and IMEIs are checked")
    func tagsAndIdentifiers() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let assets = service(app)
            #expect(try await assets.create(.init(serial: "PF-1", modelID: fixture.laptop.id)).tag == "QM-000001")
            #expect(try await assets.create(.init(tag: "LEGACY-7", modelID: fixture.laptop.id)).tag == "LEGACY-7")
            #expect(try await assets.create(.init(modelID: fixture.laptop.id)).tag == "QM-000002")
            _ = try await OrganisationSettingsService(app: app.app, actor: .system).update(
                expectedVersion: 1, .init(assetTagPrefix: "TLL-"))
            #expect(try await assets.create(.init(modelID: fixture.laptop.id)).tag == "TLL-000001")
            #expect(
                await fieldErrors { try await assets.create(.init(tag: "legacy-7", modelID: fixture.laptop.id)) } == [
                    FieldError(field: "tag", code: .taken)
                ])
            #expect(
                await fieldErrors { try await assets.create(.init(serial: "PF-1", modelID: fixture.laptop.id)) } == [
                    FieldError(field: "serial", code: .taken)
                ])
            // The same serial from another maker is another device.
            _ = try await assets.create(.init(serial: "PF-1", imei: "35-209900-176148-1", modelID: fixture.phone.id))
            #expect(try await Asset.query(on: app.app.db).filter(\.$imei == "352099001761481").count() == 1)
            #expect(
                await fieldErrors { try await assets.create(.init(imei: "352099001761482", modelID: fixture.phone.id)) } == [
                    FieldError(field: "imei", code: .invalid)
                ])
            #expect(
                await fieldErrors { try await assets.create(.init(imei: "490154203237518", modelID: fixture.laptop.id)) } == [
                    FieldError(field: "imei", code: .invalid)
                ])
            #expect(
                await fieldErrors {
                    try await assets.create(
                        .init(
                            tag: "bad tag!", purchaseDate: "2026-05-01", purchaseCost: Money(minorUnits: -1, currency: .eur),
                            warrantyEnd: "2026-04-30"))
                } == [
                    FieldError(field: "tag", code: .invalid), FieldError(field: "modelId", code: .required),
                    FieldError(field: "warrantyEnd", code: .endBeforeStart), FieldError(field: "purchaseCost", code: .outOfRange),
                ])
            #expect(
                await fieldErrors {
                    try await OrganisationSettingsService(app: app.app, actor: .system).update(
                        expectedVersion: 2, .init(assetTagPrefix: "way-too-long-prefix"))
                }
                    == [FieldError(field: "assetTagPrefix", code: .tooLong)])
            #expect(try await app.count(Asset.self) == 5)
        }
    }

    @Test("Through the API an asset is checked out, refused moves say why, a stale version is refused, and check-in ends the holding")
    func lifecycleThroughAPI() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token, acceptLanguage: "de")
            let created = try await api.call(
                .POST, "/api/v1/assets",
                [
                    "modelId": fixture.laptop.id!.uuidString, "name": "nb-anna", "serial": "PF4XYZ", "siteId": fixture.site.id!.uuidString,
                    "purchaseDate": "2025-03-14", "purchaseCost": ["minorUnits": 129_900, "currency": "EUR"], "warrantyEnd": "2028-03-14",
                ])
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["tag"] as? String == "QM-000001")
            #expect(created.json["status"] as? String == "in_stock")
            #expect(created.json["model"] as? String == "Lenovo ThinkPad T14 Gen 4")
            #expect((created.json["purchaseCost"] as? [String: Any])?["minorUnits"] as? Int == 129_900)

            let checkout = try await api.call(
                .POST, "/api/v1/assets/\(id)/moves", ["status": "deployed", "employeeId": fixture.anna.id!.uuidString],
                headers: ["If-Match": "\"1\""])
            #expect(checkout.status == .ok)
            #expect(checkout.json["assignedEmployeeId"] as? String == fixture.anna.id!.uuidString)
            #expect(checkout.json["status"] as? String == "deployed")

            // Retiring needs a reason; disposing of a deployed laptop is not a move the lifecycle allows.
            let noReason = try await api.call(.POST, "/api/v1/assets/\(id)/moves", ["status": "retired"], headers: ["If-Match": "\"2\""])
            #expect(noReason.status == .unprocessableEntity)
            let reasons = (noReason.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
            #expect(reasons == [app.app.services.localizer.text("validation.required", .de)])
            let dispose = try await api.call(
                .POST, "/api/v1/assets/\(id)/moves", ["status": "disposed", "reason": "old", "disposalMethod": "recycled"],
                headers: ["If-Match": "\"2\""])
            #expect((dispose.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "status")
            let stale = try await api.call(
                .POST, "/api/v1/assets/\(id)/moves", ["status": "in_stock"], headers: ["If-Match": "\"1\""])
            #expect(stale.status == .preconditionFailed)
            let checkin = try await api.call(
                .POST, "/api/v1/assets/\(id)/moves", ["status": "in_stock", "reason": "leaves the company"], headers: ["If-Match": "\"2\""])
            #expect(checkin.status == .ok)
            #expect(checkin.json["assignedEmployeeId"] == nil || checkin.json["assignedEmployeeId"] is NSNull)

            let history = try await api.call(.GET, "/api/v1/assets/\(id)/history").jsonArray
            #expect(history.map { $0["kind"] as? String } == ["checkin", "checkout", "created"])
            #expect(history.first?["employeeId"] as? String == fixture.anna.id!.uuidString)
            #expect(history.first?["reason"] as? String == "leaves the company")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action ~~ ["asset.checkout", "asset.checkin"]).count() == 2)

            // A retired laptop may be disposed of only with a method and the confirmation that its disk was wiped.
            #expect(
                try await api.call(
                    .POST, "/api/v1/assets/\(id)/moves", ["status": "retired", "reason": "battery"], headers: ["If-Match": "\"3\""]
                )
                .status == .ok)
            let unwiped = try await api.call(
                .POST, "/api/v1/assets/\(id)/moves", ["status": "disposed", "reason": "end of life", "disposalMethod": "recycled"],
                headers: ["If-Match": "\"4\""])
            #expect((unwiped.json["invalidParams"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["dataWipeConfirmed"])
            let disposed = try await api.call(
                .POST, "/api/v1/assets/\(id)/moves",
                ["status": "disposed", "reason": "end of life", "disposalMethod": "recycled", "dataWipeConfirmed": true],
                headers: ["If-Match": "\"4\""])
            #expect(disposed.json["status"] as? String == "disposed")

            // The list filters by status and finds by serial or name fragment.
            _ = try await api.call(.POST, "/api/v1/assets", ["modelId": fixture.phone.id!.uuidString, "name": "reception phone"])
            #expect(try await api.call(.GET, "/api/v1/assets?status=disposed").json["total"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/assets?q=PF4XYZ").json["total"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/assets?q=RECEPTION").json["total"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/assets?type=mobile_phone&sort=-name").json["total"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/assets?status=lost").status == .unprocessableEntity)
            let patched = try await api.call(.PATCH, "/api/v1/assets/\(id)", ["notes": "label missing"], headers: ["If-Match": "\"5\""])
            #expect(patched.json["notes"] as? String == "label missing" && patched.json["serial"] as? String == "PF4XYZ")
            #expect(
                try await api.call(.PATCH, "/api/v1/assets/\(id)", ["status": "in_stock"], headers: ["If-Match": "\"6\""]).status
                    == .unprocessableEntity)

            let (_, executiveToken) = try await app.token(.executive)
            let executive = APIClient(app, token: executiveToken)
            #expect(try await executive.call(.GET, "/api/v1/assets").status == .forbidden)
            let (_, employeeToken) = try await app.token(.employee)
            #expect(
                try await APIClient(app, token: employeeToken).call(.POST, "/api/v1/assets", ["modelId": fixture.laptop.id!.uuidString])
                    .status
                    == .forbidden)
            #expect(try await app.count(Asset.self) == 2)
        }
    }

    @Test("The holder confirms receipt in their own view, once; nobody else can confirm it for them")
    func receipt() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let assets = service(app)
            let laptop = try await assets.create(.init(name: "nb-anna", modelID: fixture.laptop.id))
            _ = try await assets.move(laptop.id!, expectedVersion: 1, .init(to: "deployed", holder: .employee(fixture.anna.id!)))

            let annaUser = try await app.makeUser(.employee, language: .sv)
            _ = try await EmployeeService(app: app.app, actor: .system).update(
                fixture.anna.id!, expectedVersion: nil, .init(from: fixture.anna, userID: annaUser.id))
            let anna = Browser(app)
            _ = try await anna.signIn(email: annaUser.email, password: TestApp.password)
            let page = try await anna.get("/me/equipment")
            #expect(page.body.contains("nb-anna") && page.body.contains(app.app.services.localizer.text("asset.confirm_receipt", .sv)))

            let jaan = try await app.signedIn(.employee)
            #expect(try await jaan.submit("/me/equipment/\(laptop.id!)/receipt", [:], from: "/me/equipment").status == .notFound)
            #expect(try await jaan.get("/hardware").status == .forbidden)

            let confirmed = try await anna.submit("/me/equipment/\(laptop.id!)/receipt", [:], from: "/me/equipment")
            #expect(confirmed.status == .seeOther)
            #expect(try await Asset.find(laptop.id, on: app.app.db)?.receiptConfirmedAt == app.clock.now)
            #expect(!(try await anna.get("/me/equipment")).body.contains(app.app.services.localizer.text("asset.confirm_receipt", .sv)))
            #expect(try await anna.submit("/me/equipment/\(laptop.id!)/receipt", [:], from: "/me/equipment").status == .conflict)
            let history = try await AssetService.history(of: laptop.id!, on: app.app.db)
            #expect(history.map(\.kind) == [.receipt, .checkout, .created])
            #expect(history.first?.actor == annaUser.email || history.first?.actor.contains(annaUser.email) == true)
        }
    }

    @Test("In the browser a technician records an asset with a German amount, checks it out by employee number, and sees its history")
    func pages() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let browser = try await app.signedIn(.technician, language: .de)
            // A status the form never offers is refused, as the API refuses it, not taken as "in stock".
            let bogus = try await browser.submit(
                "/hardware", ["modelId": fixture.laptop.id!.uuidString, "name": "nb-x", "currency": "EUR", "status": "stolen"],
                from: "/hardware/new")
            #expect(bogus.status == .unprocessableEntity && bogus.body.contains("field-error"))
            #expect(try await Asset.query(on: app.app.db).count() == 0)
            let created = try await browser.submit(
                "/hardware",
                [
                    "modelId": fixture.laptop.id!.uuidString, "name": "nb-jaan", "serial": "PF9", "purchaseCost": "1.234,50",
                    "currency": "EUR",
                    "purchaseDate": "2026-01-15", "status": "in_stock",
                ], from: "/hardware/new")
            #expect(created.status == .seeOther)
            let asset = try #require(try await Asset.query(on: app.app.db).first())
            #expect(asset.purchaseCost == Money(minorUnits: 123_450, currency: .eur))
            let detail = try await browser.get("/hardware/\(asset.id!)")
            #expect(detail.body.contains(Money(minorUnits: 123_450, currency: .eur).formatted(.de)))

            let unknown = try await browser.submit(
                "/hardware/\(asset.id!)/move", ["status": "deployed", "employeeNumber": "E99", "version": "1"],
                from: "/hardware/\(asset.id!)")
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.contains("id=\"employeeNumber-error\">\(app.app.services.localizer.text("validation.not_found", .de))"))
            let out = try await browser.submit(
                "/hardware/\(asset.id!)/move", ["status": "deployed", "employeeNumber": "E2", "version": "1"],
                from: "/hardware/\(asset.id!)")
            #expect(out.status == .seeOther)
            let after = try await browser.get("/hardware/\(asset.id!)")
            #expect(after.body.contains("Jaan Tamm") && after.body.contains(app.app.services.localizer.text("asset.event.checkout", .de)))
            #expect(after.body.contains(app.app.services.localizer.text("asset.receipt_pending", .de)))

            let list = try await browser.get("/hardware?status=deployed")
            #expect(list.body.contains("QM-000001") && list.body.contains("Jaan Tamm"))
            #expect(!(try await browser.get("/hardware?status=in_stock")).body.contains("QM-000001"))

            // A stale edit is refused with the other person's version shown.
            let stale = try await browser.submit(
                "/hardware/\(asset.id!)", ["modelId": fixture.laptop.id!.uuidString, "tag": "QM-000001", "version": "1"],
                from: "/hardware/\(asset.id!)/edit")
            #expect(stale.status == .conflict)
            let models = try await browser.submit(
                "/hardware/models", ["manufacturer": "HP", "name": "EliteBook 840", "type": "laptop", "listPrice": "abc"],
                from: "/hardware/models")
            #expect(models.status == .unprocessableEntity)
            #expect(models.body.contains("id=\"listPrice-error\""))
            // A room is chosen with its site; a room without the site it belongs to is refused.
            let room = try await StructureService(app: app.app, actor: .system).addRoom(
                siteID: fixture.site.id!, name: "Server room", floor: nil)
            let form = try await browser.get("/hardware/new")
            #expect(form.body.contains("Tallinn · Server room"))
            let roomOnly = try await browser.submit(
                "/hardware", ["modelId": fixture.laptop.id!.uuidString, "roomId": room.id!.uuidString], from: "/hardware/new")
            #expect(roomOnly.status == .unprocessableEntity)
            let placed = try await browser.submit(
                "/hardware",
                ["modelId": fixture.laptop.id!.uuidString, "siteId": fixture.site.id!.uuidString, "roomId": room.id!.uuidString],
                from: "/hardware/new")
            #expect(placed.status == .seeOther)
            #expect(try await Asset.query(on: app.app.db).filter(\.$roomID == room.id).count() == 1)
            // The form asks how an asset was disposed of only where disposal is a possible move.
            #expect(!(try await browser.get("/hardware/\(asset.id!)")).body.contains("id=\"disposalMethod\""))
            let spare = try await AssetService(app: app.app, actor: .system).create(.init(modelID: fixture.laptop.id))
            _ = try await AssetService(app: app.app, actor: .system).move(
                spare.id!, expectedVersion: 1, .init(to: "retired", reason: "cracked"))
            #expect(try await browser.get("/hardware/\(spare.id!)").body.contains("id=\"disposalMethod\""))
        }
    }

    @Test("The demo company has its hardware and contracts: every employee a laptop, every held asset a holder, one receipt to confirm")
    func demo() async throws {
        try await TestApp.with { app in
            try await DemoData.load(into: app.app, employees: 60)
            let assets = try await Asset.query(on: app.app.db).all()
            #expect(assets.count > 150)
            #expect(assets.filter { $0.status == .deployed }.allSatisfy { ($0.assignedEmployeeID != nil) != ($0.assignedSiteID != nil) })
            #expect(assets.filter { $0.status != .deployed }.allSatisfy { $0.assignedEmployeeID == nil && $0.assignedSiteID == nil })
            let people = try await Employee.query(on: app.app.db).filter(\.$statusRaw != "left").count()
            let laptopHolders = Set(assets.filter { $0.type == .laptop }.compactMap(\.assignedEmployeeID))
            #expect(laptopHolders.count > people * 9 / 10)
            #expect(Set(assets.map(\.tagKey)).count == assets.count)
            #expect(assets.contains { $0.purchaseCostCurrency == "SEK" } && assets.contains { $0.purchaseCostCurrency == "EUR" })
            let erik = try #require(
                try await Employee.query(on: app.app.db).filter(\.$firstName == "Erik").filter(\.$lastName == "Johansson").first())
            let eriks = assets.filter { $0.assignedEmployeeID == erik.id }
            #expect(!eriks.isEmpty && eriks.allSatisfy { $0.receiptConfirmedAt == nil })
            #expect(
                assets.filter { $0.assignedEmployeeID != nil && $0.assignedEmployeeID != erik.id }.allSatisfy {
                    $0.receiptConfirmedAt != nil
                })
            // Vendors and contracts come along, some with deadlines in the coming weeks whatever the date.
            #expect(try await app.count(Contract.self) == 7)
            let today = try await app.app.organisationToday()
            let soon = try await ContractService.deadlines(on: app.app.db, today: today, days: 90)
            #expect(soon.contains { $0.kind == .notice } && soon.contains { $0.kind == .contractEnd })
            // Loading again adds nothing.
            try await DemoData.load(into: app.app, employees: 60)
            #expect(try await app.count(Asset.self) == assets.count)
            #expect(try await app.count(Contract.self) == 7)
            #expect(try CommandLine.run(["audit", "verify", "--database", app.databaseURL]).status == 0)
        }
    }
}

@Suite("Refresh forecast: page, CSV and API", .serialized)
struct ForecastTests {
    @Test("Assets fall due by lifetime, end of life or warranty, per fiscal quarter with their cost; page, CSV and API agree")
    func forecast() async throws {
        try await TestApp.with { app in
            // The test clock stands at 2026-11-18; a fiscal year from April puts that in Q3 2026/27.
            _ = try await OrganisationSettingsService(app: app.app, actor: .system).update(
                expectedVersion: 1, .init(timeZone: "Europe/Berlin", fiscalYearStartMonth: 4))
            let site = try await StructureService(app: app.app, actor: .system).createSite(
                .init(name: "Hamburg", address: "Am Sandtorkai 50", country: "DE", timeZone: "Europe/Berlin"))
            let service = AssetService(app: app.app, actor: .system)
            let laptop = try await service.createModel(
                .init(
                    manufacturer: "Lenovo", name: "T14", type: "laptop", lifetimeMonths: 48,
                    listPrice: Money(minorUnits: 120_000, currency: .eur)))
            let old = try await service.createModel(.init(manufacturer: "Lenovo", name: "T480", type: "laptop", endOfLife: "2027-05-31"))
            let printer = try await service.createModel(.init(manufacturer: "HP", name: "M507", type: "printer"))
            // Lifetime: bought 2023-01-10, due 2027-01-10 (Q4 2026/27), priced at the list price.
            _ = try await service.create(.init(tag: "A-1", modelID: laptop.id, siteID: site.id, purchaseDate: "2023-01-10"))
            // Overdue: bought 2021-03-01, due 2025-03-01 — counts now, in Q3 2026/27.
            _ = try await service.create(.init(tag: "A-2", modelID: laptop.id, siteID: site.id, purchaseDate: "2021-03-01"))
            // End of life 2027-05-31 (Q1 2027/28), priced at what it cost, in kronor.
            _ = try await service.create(
                .init(tag: "A-3", modelID: old.id, purchaseDate: "2024-01-01", purchaseCost: Money(minorUnits: 950_000, currency: .sek)))
            // Only a warranty end: due then, unpriced.
            _ = try await service.create(.init(tag: "A-4", modelID: printer.id, warrantyEnd: "2027-02-15"))
            // Nothing known; and a disposed-of asset is not in the fleet.
            _ = try await service.create(.init(tag: "A-5", modelID: printer.id))
            let retired = try await service.create(.init(tag: "A-6", modelID: laptop.id, purchaseDate: "2020-01-01"))
            _ = try await service.move(retired.id!, expectedVersion: 1, .init(to: "retired", reason: "broken"))

            let (_, token) = try await app.token(.executive)
            let api = APIClient(app, token: token)
            let response = try await api.call(.GET, "/api/v1/assets/forecast?group=site&quarters=4")
            #expect(response.status == .ok)
            let json = response.json
            #expect(json["quarters"] as? [String] == ["Q3 2026/27", "Q4 2026/27", "Q1 2027/28", "Q2 2027/28"])
            #expect(json["overdue"] as? Int == 1 && json["unknown"] as? Int == 1 && json["later"] as? Int == 0)
            let total = try #require(json["total"] as? [[String: Any]])
            #expect(total.map { $0["count"] as? Int } == [1, 2, 1, 0])
            #expect(total[1]["unpriced"] as? Int == 1)
            #expect((total[1]["cost"] as? [[String: Any]])?.first?["minorUnits"] as? Int == 120_000)
            #expect((total[2]["cost"] as? [[String: Any]])?.first?["currency"] as? String == "SEK")
            let groups = try #require(json["groups"] as? [[String: Any]])
            #expect(groups.compactMap { $0["name"] as? String } == ["", "Hamburg"])
            let due = try #require(json["due"] as? [[String: Any]])
            #expect(due.map { $0["tag"] as? String } == ["A-2", "A-1", "A-4", "A-3"])
            #expect(due.map { $0["reason"] as? String } == ["lifetime", "lifetime", "warranty_end", "end_of_life"])
            #expect(try await api.call(.GET, "/api/v1/assets/forecast?quarters=40").status == .unprocessableEntity)
            #expect(try await api.call(.GET, "/api/v1/assets/forecast?group=colour").status == .unprocessableEntity)
            // Executives read the forecast, not the records behind it.
            #expect(try await api.call(.GET, "/api/v1/assets").status == .forbidden)

            let browser = try await app.signedIn(.executive, language: .de)
            let page = try await browser.get("/hardware/forecast?group=type&quarters=4")
            #expect(page.status == .ok)
            #expect(page.body.contains("<svg class=\"trend\"") && page.body.contains("Q4 2026/27"))
            #expect(page.body.contains(Money(minorUnits: 120_000, currency: .eur).formatted(.de)))
            #expect(page.body.contains(app.app.services.localizer.text("forecast.reason.end_of_life", .de)))
            let csv = try await browser.get("/hardware/forecast/export?quarters=4")
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 5)
            #expect(lines[1].hasPrefix("A-2,,Lenovo T14,laptop,Hamburg,,2025-03-01,lifetime,Q3 2026/27,1200.00,EUR"))
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get("/hardware/forecast").status == .forbidden)
        }
    }
}
