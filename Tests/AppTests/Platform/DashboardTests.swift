import Domain
import Fluent
import Foundation
import Probes
import Testing

@testable import App

/// The home page shaped by role (issue 20): each role reads what needs it today, with empty states that say what to do.
@Suite("Dashboards by role: the employee's devices, the technician's tasks, the executive's trends, empty states")
struct DashboardTests {
    @Test("Every role's plan leaves out what its permissions do not allow; an employee's is their equipment and their data")
    func plans() {
        let table = PermissionTable.standard
        for role in Role.allCases {
            for panel in DashboardPanel.panels(for: role, in: table) {
                #expect(table.allows(role, panel.action), "\(role) is planned \(panel) without \(panel.action)")
            }
        }
        #expect(DashboardPanel.panels(for: .employee, in: table) == [.myEquipment, .myData])
        #expect(DashboardPanel.panels(for: .technician, in: table).first == .myTasks)
        #expect(DashboardPanel.panels(for: .executive, in: table).first == .trends)
        #expect(DashboardPanel.panels(for: .peopleOfficer, in: table).first == .reidentifications)
        // A table that takes monitoring from technicians takes the monitoring panels off their page.
        var grants = table.grants
        grants[.technician]?.remove(.readMonitoring)
        #expect(DashboardPanel.panels(for: .technician, in: PermissionTable(grants: grants)) == [.myTasks, .myEquipment])
    }

    @Test(
        "An employee reads that two devices wait for their confirmation, confirms one from the home page, and sees nothing of the IT side")
    func employee() async throws {
        try await TestApp.with { app in
            let assets = AssetService(app: app.app, actor: .system)
            let model = try await assets.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad T14", type: "laptop"))
            let anna = try await EmployeeService(app: app.app, actor: .system).create(
                .init(employeeNumber: "E1", firstName: "Anna", lastName: "Schmidt", status: .active))
            var ids: [UUID] = []
            for name in ["nb-anna", "nb-anna-2"] {
                let asset = try await assets.create(.init(name: name, modelID: model.id))
                _ = try await assets.move(asset.id!, expectedVersion: 1, .init(to: "deployed", holder: .employee(anna.id!)))
                ids.append(asset.id!)
            }
            let user = try await app.makeUser(.employee)
            _ = try await EmployeeService(app: app.app, actor: .system).update(
                anna.id!, expectedVersion: nil, .init(from: anna, userID: user.id))
            let browser = Browser(app)
            _ = try await browser.signIn(email: user.email, password: TestApp.password)

            let before = try await browser.get("/dashboard").body
            #expect(before.contains("<span class=\"value\">2</span> <span class=\"label\">devices wait for your confirmation</span>"))
            #expect(before.contains("nb-anna-2") && before.contains("action=\"/me/equipment/\(ids[0])/receipt\""))
            #expect(before.contains("id=\"panel-my_data\"") && before.contains("href=\"/me/data\""))
            for hidden in ["panel-alerts", "panel-problem_checks", "panel-trends", "panel-accounts", "panel-recent_activity"] {
                #expect(!before.contains(hidden), "an employee sees \(hidden)")
            }
            #expect(try await browser.submit("/me/equipment/\(ids[0])/receipt", [:], from: "/dashboard").status == .seeOther)
            let after = try await browser.get("/dashboard").body
            #expect(after.contains("<span class=\"value\">1</span> <span class=\"label\">device waits for your confirmation</span>"))
            #expect(!after.contains("action=\"/me/equipment/\(ids[0])/receipt\""))
        }
    }

    @Test(
        "An employee without a linked record is told why no equipment shows; an IT manager's empty panels say what is fine and where to look"
    )
    func emptyStates() async throws {
        try await TestApp.with { app in
            let employee = try await app.signedIn(.employee).get("/dashboard").body
            #expect(employee.contains("Your account is not linked to an employee record"))
            let manager = try await app.signedIn(.itManager).get("/dashboard").body
            #expect(manager.contains("No alert is open.") && manager.contains("href=\"/monitoring/alerts\">Alert history</a>"))
            #expect(manager.contains("All 0 checks are OK.") || manager.contains("The 0 check"))
            #expect(manager.contains("No maintenance task is due or overdue."))
            // The manager's own equipment panel and task panel stay away when empty: nothing about them to say.
            #expect(!manager.contains("panel-my_equipment") && !manager.contains("panel-my_tasks"))
            // No row ends in a separator and no list is a bare empty table.
            #expect(!manager.contains("· </li>") && !manager.contains("<tbody></tbody>"))
        }
    }

    @Test("A technician's page leads with their own due tasks and the checks in trouble; an executive's with the weekly trend charts")
    func technicianAndExecutive() async throws {
        try await TestApp.with { app in
            let technician = try await app.makeUser(.technician)
            let site = try await StructureService(app: app.app, actor: .system).createSite(
                .init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
            let today = CalendarDate(app.clock.now, in: try await app.app.services.organisation.current(on: app.app.db).timeZone)
            _ = try await MaintenanceTaskService(app: app.app, actor: .system).create(
                .init(
                    title: "Replace UPS battery", siteID: site.id, every: 12, unit: .months, firstDue: today.adding(days: -2),
                    assigneeID: technician.id))
            let checks = CheckService(app: app.app, actor: .system)
            let check = try await checks.create(
                .init(name: "Mail server", definition: CheckDefinition(kind: .tcp, target: "127.0.0.1", port: 9), service: "Mail"))
            let alert = Alert()
            (alert.id, alert.checkID, alert.statusRaw) = (UUID(), check.id!, CheckStatus.critical.rawValue)
            (alert.openedAt, alert.comment, alert.announced) = (app.clock.now.addingTimeInterval(-86400), "", false)
            try await alert.create(on: app.app.db)
            let browser = Browser(app)
            _ = try await browser.signIn(email: technician.email, password: TestApp.password)
            let page = try await browser.get("/dashboard").body
            let tasks = try #require(page.range(of: "id=\"panel-my_tasks\""))
            let problems = try #require(page.range(of: "id=\"panel-problem_checks\""))
            #expect(tasks.lowerBound < problems.lowerBound)
            #expect(page.contains("Replace UPS battery") && page.contains("due due-overdue"))

            let executive = try await app.signedIn(.executive).get("/dashboard").body
            let trends = try #require(executive.range(of: "id=\"panel-trends\""))
            #expect(executive.range(of: "id=\"panel-")?.lowerBound == trends.lowerBound, "the trends lead the executive's page")
            #expect(executive.contains("Alerts opened per week") && executive.contains("role=\"img\""))
            // The alert opened a day ago is counted in the last week's bar and in the four weeks' figure.
            #expect(executive.contains(": 1</title>"))
            #expect(executive.contains("<span class=\"value\">1</span> <span class=\"label\">alerts, last 4 weeks</span>"))
            #expect(!executive.contains("panel-problem_checks") && !executive.contains("panel-accounts"))
        }
    }
}
