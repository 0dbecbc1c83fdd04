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
            #expect(
                admin.contains("<details class=\"menu\">")
                    && admin.contains("<use href=\"/assets/icons.svg#i-menu\"></use></svg>Menu</summary>"))
        }
    }

    @Test("The current page is marked in its group, and the breadcrumb leads from the group through the section to the page")
    func currentPlaceAndBreadcrumb() async throws {
        try await TestApp.with { app in
            let manager = try await app.signedIn(.itManager)
            let forecast = try await manager.get("/hardware/forecast").body
            // Each group has its icon, drawn from the application's own sprite.
            #expect(
                forecast.contains(
                    "<summary class=\"current\"><svg class=\"icon\" aria-hidden=\"true\" focusable=\"false\"><use href=\"/assets/icons.svg#i-inventory\"></use></svg>Inventory</summary>"
                ))
            #expect(forecast.contains("href=\"/hardware/forecast\" aria-current=\"page\""))
            #expect(
                forecast.contains(
                    "<li><a href=\"/areas/inventory\">Inventory</a></li><li><span aria-current=\"page\">Refresh forecast</span></li>"))
            // A page below a section (a new asset's form) names the section between group and page.
            let form = try await manager.get("/hardware/new").body
            #expect(form.contains("<li><a href=\"/areas/inventory\">Inventory</a></li><li><a href=\"/hardware\">Hardware</a></li>"))
            // In German, the groups speak German.
            #expect(try await manager.get("/hardware", headers: ["Accept-Language": "de"]).body.contains(">Inventar</summary>"))
        }
    }

    @Test("Each group has a landing page with the pages the reader may open and their key figures; a group without any is refused")
    func areaPages() async throws {
        try await TestApp.with { app in
            let assets = AssetService(app: app.app, actor: .system)
            let model = try await assets.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad T14", type: "laptop"))
            for name in ["nb-1", "nb-2", "nb-3"] { _ = try await assets.create(.init(name: name, modelID: model.id)) }
            let manager = try await app.signedIn(.itManager)
            let inventory = try await manager.get("/areas/inventory")
            #expect(inventory.status == .ok)
            #expect(inventory.body.contains("<a href=\"/hardware\">Hardware</a><span class=\"figure-caption\">3 assets on record</span>"))
            #expect(inventory.body.contains("<title>Inventory · Quartermaster</title>"))
            // The menu's group starts with its overview, marked as the current page here.
            #expect(inventory.body.contains("<a href=\"/areas/inventory\" aria-current=\"page\">Overview</a>"))
            // The executive reads the reports of the inventory but not its records: only the reports are listed.
            let executive = try await app.signedIn(.executive).get("/areas/inventory").body
            #expect(executive.contains("href=\"/hardware/forecast\"") && !executive.contains("<a href=\"/hardware\">"))
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get("/areas/inventory").status == .forbidden)
            #expect(try await employee.get("/areas/mine").status == .ok)
            #expect(try await manager.get("/areas/nowhere").status == .notFound)
        }
    }
}
