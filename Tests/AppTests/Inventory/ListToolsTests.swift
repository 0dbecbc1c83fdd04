import Domain
import Fluent
import Foundation
import Testing

@testable import App

/// The list tools of issue 20: bulk actions on the ticked rows of the hardware list, and the columns each reader
/// chooses for a list, kept for them.
@Suite("Lists: bulk actions on a selection, and columns chosen per person")
struct ListToolsTests {
    struct Fixture {
        let assets: [Asset]
        let anna: Employee
    }

    func fixture(_ app: TestApp) async throws -> Fixture {
        let service = AssetService(app: app.app, actor: .system)
        let model = try await service.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad T14", type: "laptop"))
        var assets: [Asset] = []
        for tag in ["QM-1", "QM-2", "QM-3"] {
            assets.append(try await service.create(.init(tag: tag, serial: "S-\(tag)", modelID: model.id)))
        }
        let anna = try await EmployeeService(app: app.app, actor: .system).create(
            .init(employeeNumber: "E7", firstName: "Anna", lastName: "Berg", status: .active))
        return Fixture(assets: assets, anna: anna)
    }

    func ticked(_ assets: [Asset]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: assets.map { ("asset.\($0.id!.uuidString)", String($0.version)) })
    }

    @Test("Ticked assets are checked out together, then checked in; one that cannot move stops all, named with its reason")
    func bulkMoves() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let browser = try await app.signedIn(.itManager)
            let list = try await browser.get("/hardware?sort=-tag").body
            #expect(list.contains(#"<form method="post" action="/hardware/bulk?sort=-tag" id="bulk""#))
            #expect(list.contains(#"form="bulk" name="asset.\#(fixture.assets[0].id!.uuidString)" value="1""#))

            let first = Array(fixture.assets.prefix(2))
            let assigned = try await browser.submit(
                "/hardware/bulk?sort=-tag", ticked(first).merging(["action": "assign", "employeeNumber": "E7"]) { $1 }, from: "/hardware")
            #expect(assigned.status == .seeOther)
            #expect(assigned.headers.first(name: .location) == "/hardware?sort=-tag&done=moved&count=2")
            #expect(try await browser.get("/hardware?sort=-tag&done=moved&count=2").body.contains("2 assets changed."))
            for asset in first {
                let now = try #require(try await Asset.find(asset.id, on: app.app.db))
                #expect(now.status == .deployed && now.assignedEmployeeID == fixture.anna.id)
            }
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.checkout").count() == 2)

            // QM-3 is in stock: checking it in cannot be, so QM-1 and QM-2 stay out too.
            let all = try await Asset.query(on: app.app.db).sort(\.$tag).all()
            let refused = try await browser.submit("/hardware/bulk", ticked(all).merging(["action": "check_in"]) { $1 }, from: "/hardware")
            #expect(refused.status == .conflict)
            #expect(refused.body.contains(#"id="bulk-refused""#) && refused.body.contains(">QM-3</a>: "))
            #expect(!refused.body.contains(">QM-1</a>: "))
            #expect(
                refused.body.contains(
                    #"name="asset.\#(all[0].id!.uuidString)" value="\#(all[0].version)" aria-label="Select QM-1" checked"#))
            #expect(try await Asset.query(on: app.app.db).filter(\.$statusRaw == "deployed").count() == 2, "nothing changed")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.checkin").count() == 0)

            // A version older than the stored one: someone changed the asset since the list was shown.
            let stale = try await browser.submit(
                "/hardware/bulk", ["action": "check_in", "asset.\(all[0].id!.uuidString)": "1"], from: "/hardware")
            #expect(stale.status == .conflict && stale.body.contains("someone changed it after the list was shown"))

            let back = try await browser.submit(
                "/hardware/bulk", ticked(Array(all.prefix(2))).merging(["action": "check_in"]) { $1 }, from: "/hardware")
            #expect(back.status == .seeOther)
            #expect(try await Asset.query(on: app.app.db).filter(\.$statusRaw == "in_stock").count() == 3)
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.checkin").count() == 2)
        }
    }

    @Test("Without an action, a status or a person the form says what is missing; the ticked rows export as CSV")
    func bulkRefusalsAndExport() async throws {
        try await TestApp.with { app in
            let fixture = try await fixture(app)
            let browser = try await app.signedIn(.itManager, language: .de)
            let none = try await browser.submit("/hardware/bulk", ["action": "check_in"], from: "/hardware")
            #expect(none.status == .unprocessableEntity && none.body.contains(#"id="bulk-error""#))
            #expect(none.body.contains(app.app.services.localizer.text("bulk.field.assets", .de)))
            let noStatus = try await browser.submit(
                "/hardware/bulk", ticked(fixture.assets).merging(["action": "status"]) { $1 }, from: "/hardware")
            #expect(
                noStatus.status == .unprocessableEntity && noStatus.body.contains(app.app.services.localizer.text("bulk.field.status", .de))
            )
            let nobody = try await browser.submit(
                "/hardware/bulk", ticked(fixture.assets).merging(["action": "assign", "employeeNumber": "E999"]) { $1 }, from: "/hardware")
            #expect(
                nobody.status == .unprocessableEntity && nobody.body.contains(app.app.services.localizer.text("bulk.field.employee", .de)))
            // Repair needs a reason, said beside the asset.
            let repair = try await browser.submit(
                "/hardware/bulk", ticked(fixture.assets).merging(["action": "status", "status": "in_repair"]) { $1 }, from: "/hardware")
            #expect(repair.status == .conflict && repair.body.contains(">QM-1</a>: "))
            let repaired = try await browser.submit(
                "/hardware/bulk",
                ticked(fixture.assets).merging(["action": "status", "status": "in_repair", "reason": "Screens flicker"]) { $1 },
                from: "/hardware")
            #expect(repaired.status == .seeOther)

            let exported = try await browser.submit(
                "/hardware/bulk", ticked([fixture.assets[0], fixture.assets[2]]).merging(["action": "export"]) { $1 }, from: "/hardware")
            #expect(exported.status == .ok && exported.headers.contentType?.description.hasPrefix("text/csv") == true)
            let lines = exported.body.split(whereSeparator: \.isNewline)
            #expect(lines.count == 3 && lines[1].hasPrefix("QM-1,") && lines[2].hasPrefix("QM-3,"), "\(lines)")
            // A reader who may not change the inventory sees no boxes to tick.
            let executive = try await app.signedIn(.executive)
            #expect(!(try await executive.get("/hardware").body.contains(#"id="bulk""#)))
        }
    }

    @Test("A reader's chosen columns are theirs alone, kept, audited and part of their data; unknown or no columns are refused")
    func chosenColumns() async throws {
        try await TestApp.with { app in
            _ = try await fixture(app)
            let manager = try await app.signedIn(.itManager)
            let before = try await manager.get("/hardware").body
            #expect(before.contains(">Model</a></th>") && !before.contains("S-QM-1"))
            #expect(before.contains(#"<input type="checkbox" name="column.serial">"#))

            let saved = try await manager.submit(
                "/lists/hardware/columns",
                ["column.name": "on", "column.serial": "on", "column.purchaseCost": "on", "back": "/hardware?sort=-tag"], from: "/hardware")
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/hardware?sort=-tag")
            let after = try await manager.get("/hardware").body
            #expect(after.contains(">Serial number</a></th>") && after.contains("<th scope=\"col\">Purchase cost</th>"))
            #expect(after.contains(#"<td data-label="Serial number">S-QM-1</td>"#) && !after.contains(">Model</a></th>"))
            #expect(after.contains(#"<table class="as-cards">"#))
            // Another person's list is unchanged.
            let technician = try await app.signedIn(.technician)
            #expect(try await technician.get("/hardware").body.contains(">Model</a></th>"))
            // Kept with the account, audited, and in the person's own copy of their data.
            let user = try #require(try await User.query(on: app.app.db).filter(\.$roleRaw == Role.itManager.rawValue).first())
            #expect(user.listColumns == "hardware=tag,name,serial,purchaseCost")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "user.update").count() >= 1)
            #expect(try await manager.get("/me/data").body.contains("hardware=tag,name,serial,purchaseCost"))

            let unknown = try await manager.submit("/lists/hardware/columns", ["column.password": "on"], from: "/hardware")
            #expect(unknown.status == .unprocessableEntity)
            let empty = try await manager.submit("/lists/hardware/columns", ["back": "/hardware"], from: "/hardware")
            #expect(empty.status == .unprocessableEntity)
            #expect(try await manager.submit("/lists/nothing/columns", ["column.name": "on"], from: "/hardware").status == .notFound)
            // Elsewhere is never where the form leads.
            let away = try await manager.submit(
                "/lists/employees/columns", ["column.phone": "on", "back": "https://evil.example/"], from: "/employees")
            #expect(away.headers.first(name: .location) == "/employees")
            #expect(try await manager.get("/employees").body.contains(#"<th scope="col">Phone</th>"#))

            let reset = try await manager.submit("/lists/hardware/columns", ["reset": "1", "back": "/hardware"], from: "/hardware")
            #expect(reset.status == .seeOther)
            #expect(try await manager.get("/hardware").body.contains(">Model</a></th>"))
            let kept = try #require(try await User.find(user.id, on: app.app.db))
            #expect(kept.listColumns == "employees=employeeNumber,name,phone")
        }
    }
}
