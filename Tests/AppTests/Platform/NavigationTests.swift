import Domain
import Testing

@testable import App

/// The header's grouped navigation and the breadcrumb (issue 20): each role sees only the groups and pages it may open,
/// the current place is marked, and every page says where it sits.
@Suite struct NavigationTests {
    @Test(
        "Groups follow the role: an employee sees no inventory, network, monitoring or usage report, an administrator every group down to administration"
    )
    func groupsFollowTheRole() async throws {
        try await TestApp.with { app in
            let employee = try await app.signedIn(.employee).get("/dashboard").body
            #expect(employee.contains(">My work</summary>") && employee.contains("href=\"/me/equipment\""))
            for group in ["Inventory", "Network", "Monitoring", "Internet and mail"] {
                #expect(!employee.contains(">\(group)</summary>"), "an employee is shown the \(group) group")
            }
            let admin = try await app.signedIn(.administrator).get("/dashboard").body
            let order = ["My work", "Organisation", "Inventory", "Network", "Monitoring", "Internet and mail", "Administration"]
            let positions = order.compactMap { admin.range(of: ">\($0)</summary>")?.lowerBound }
            #expect(positions.count == order.count && positions == positions.sorted(), "the administrator's groups, in order")
            // The whole menu folds behind one control on a phone.
            #expect(admin.contains("<details class=\"menu\">") && admin.contains("<summary>Menu</summary>"))
        }
    }

    @Test("The current page is marked in its group, and the breadcrumb leads from the group through the section to the page")
    func currentPlaceAndBreadcrumb() async throws {
        try await TestApp.with { app in
            let manager = try await app.signedIn(.itManager)
            let forecast = try await manager.get("/hardware/forecast").body
            #expect(forecast.contains("<summary class=\"current\">Inventory</summary>"))
            #expect(forecast.contains("href=\"/hardware/forecast\" aria-current=\"page\""))
            #expect(
                forecast.contains(
                    "<li><a href=\"/hardware\">Inventory</a></li><li><span aria-current=\"page\">Refresh forecast</span></li>"))
            // A page below a section (a new asset's form) names the section between group and page.
            let form = try await manager.get("/hardware/new").body
            #expect(form.contains("<li><a href=\"/hardware\">Inventory</a></li><li><a href=\"/hardware\">Hardware</a></li>"))
            // In German, the groups speak German.
            #expect(try await manager.get("/hardware", headers: ["Accept-Language": "de"]).body.contains(">Inventar</summary>"))
        }
    }
}
