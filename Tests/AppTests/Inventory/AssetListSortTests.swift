import Domain
import Foundation
import Testing

@testable import App

/// Every column of the hardware list sorts (issue 20): by the names a reader sees — model, holder, site — not by ids.
@Suite("The hardware list sorts by every column")
struct AssetListSortTests {
    @Test("Sorted by model, holder and site, both ways; every heading is a sort link that says its state")
    func everyColumnSorts() async throws {
        try await TestApp.with { app in
            let assets = AssetService(app: app.app, actor: .system)
            let structure = StructureService(app: app.app, actor: .system)
            let tallinn = try await structure.createSite(
                .init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
            let hamburg = try await structure.createSite(
                .init(name: "Hamburg", address: "Jungfernstieg 1", country: "DE", timeZone: "Europe/Berlin"))
            let zeta = try await assets.createModel(.init(manufacturer: "Acme", name: "Zeta 9", type: "laptop"))
            let alpha = try await assets.createModel(.init(manufacturer: "Acme", name: "Alpha 1", type: "laptop"))
            let people = EmployeeService(app: app.app, actor: .system)
            let berg = try await people.create(.init(employeeNumber: "E1", firstName: "Anna", lastName: "Berg", status: .active))
            let ait = try await people.create(.init(employeeNumber: "E2", firstName: "Jaan", lastName: "Ait", status: .active))
            let first = try await assets.create(.init(tag: "QM-1", modelID: alpha.id, siteID: tallinn.id))
            let second = try await assets.create(.init(tag: "QM-2", modelID: zeta.id, siteID: hamburg.id))
            _ = try await assets.move(first.id!, expectedVersion: 1, .init(to: "deployed", holder: .employee(berg.id!)))
            _ = try await assets.move(second.id!, expectedVersion: 1, .init(to: "deployed", holder: .employee(ait.id!)))
            let browser = try await app.signedIn(.itManager)
            var orders: [String: [String]] = [:]
            for sort in ["model", "-model", "holder", "site"] {
                let body = try await browser.get("/hardware?sort=\(sort)").body
                orders[sort] = ["QM-1", "QM-2"].sorted { body.range(of: ">\($0)<")!.lowerBound < body.range(of: ">\($1)<")!.lowerBound }
            }
            #expect(orders["model"] == ["QM-1", "QM-2"])
            #expect(orders["-model"] == ["QM-2", "QM-1"])
            #expect(orders["holder"] == ["QM-2", "QM-1"], "Ait before Berg")
            #expect(orders["site"] == ["QM-2", "QM-1"], "Hamburg before Tallinn")
            let page = try await browser.get("/hardware?sort=-site").body
            for field in ["tag", "name", "model", "type", "status", "holder"] {
                #expect(page.contains("href=\"/hardware?sort=\(field)\""), "the \(field) heading sorts")
            }
            #expect(page.contains("aria-sort=\"descending\"><a href=\"/hardware?sort=site\">Site ▼</a>"))
        }
    }
}
