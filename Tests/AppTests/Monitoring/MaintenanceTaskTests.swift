import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// Preventive maintenance through the real server: the API, the pages, the dashboard, the asset's page and the
/// calendar feed a calendar application subscribes to.
@Suite("Preventive maintenance: tasks, checklists, completions, history, dashboard and calendar feed", .serialized)
struct MaintenanceTaskTests {
    func ups(_ app: TestApp) async throws -> Asset {
        let assets = AssetService(app: app.app, actor: .system)
        let model = try await assets.createModel(.init(manufacturer: "APC", name: "Smart-UPS 1500", type: "ups"))
        return try await assets.create(.init(tag: "UPS-3", name: "Server room UPS", modelID: model.id))
    }

    @Test("Through the API: a quarterly UPS test is planned, refused when wrong, recorded once per due date, and moves on")
    func api() async throws {
        try await TestApp.with { app in
            let asset = try await ups(app)
            let (technician, token) = try await app.token(.technician)
            let api = APIClient(app, token: token, acceptLanguage: "de")
            let body: [String: Any] = [
                "title": "UPS self-test", "assetId": asset.id!.uuidString, "every": 3, "unit": "months", "firstDue": "2026-11-10",
                "leadDays": 14, "assigneeId": technician.id!.uuidString,
                "steps": [["text": "Run the self-test"], ["text": "Battery runtime", "unit": "min"]],
            ]
            // Wrong in every field at once, in German.
            let bad = try await api.call(
                .POST, "/api/v1/maintenance-tasks", ["title": "", "every": 0, "unit": "fortnights", "firstDue": "2026-02-30"])
            #expect(bad.status == .unprocessableEntity)
            #expect((bad.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "unit")
            let bad2 = try await api.call(
                .POST, "/api/v1/maintenance-tasks", ["title": "", "every": 0, "unit": "weeks", "firstDue": "2026-02-30"])
            let fields = Set((bad2.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(fields == ["title", "assetTag", "every", "firstDue"], "\(bad2.body)")
            // An executive reads the plan but may not make one.
            let (_, readerToken) = try await app.token(.executive)
            #expect(try await APIClient(app, token: readerToken).call(.POST, "/api/v1/maintenance-tasks", body).status == .forbidden)
            #expect(try await app.count(MaintenanceTask.self) == 0)

            let created = try await api.call(.POST, "/api/v1/maintenance-tasks", body)
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(created.json["id"] as? String)
            // Today is 18 November: a task due on the 10th is overdue.
            #expect(created.json["state"] as? String == "overdue" && created.json["nextDue"] as? String == "2026-11-10")
            let overdue = try await api.call(.GET, "/api/v1/maintenance-tasks?state=overdue").json
            #expect(overdue["total"] as? Int == 1)

            let path = "/api/v1/maintenance-tasks/\(id)/completions"
            #expect(try await api.call(.POST, path, ["result": "pass"]).status == .preconditionRequired)
            let passWithFailure = try await api.call(
                .POST, path, ["result": "pass", "steps": [["passed": false], ["passed": true, "value": "41,5"]]],
                headers: ["If-Match": "\"1\""])
            #expect(passWithFailure.status == .unprocessableEntity)
            #expect((passWithFailure.json["invalidParams"] as? [[String: Any]])?.map { $0["name"] as? String } == ["result"])
            let noValue = try await api.call(
                .POST, path, ["result": "fail", "steps": [["passed": true], ["passed": false]]], headers: ["If-Match": "\"1\""])
            #expect((noValue.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "step.2")
            #expect((noValue.json["invalidParams"] as? [[String: Any]])?.first?["reason"] as? String != nil)
            let future = try await api.call(
                .POST, path, ["result": "fail", "doneOn": "2026-12-24", "steps": [["passed": true], ["passed": true, "value": "5"]]],
                headers: ["If-Match": "\"1\""])
            #expect((future.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "doneOn")
            #expect(try await app.count(MaintenanceRecord.self) == 0)

            let done = try await api.call(
                .POST, path, ["result": "pass", "notes": "Runtime fine", "steps": [["passed": true], ["passed": true, "value": "41,5"]]],
                headers: ["If-Match": "\"1\""])
            #expect(done.status == .created, "\(done.body)")
            #expect(done.json["dueOn"] as? String == "2026-11-10" && done.json["doneOn"] as? String == "2026-11-18")
            #expect((done.json["steps"] as? [[String: Any]])?.last?["value"] as? String == "41.5")
            // Recorded once: the same due date a second time, from a stale copy, is refused.
            let again = try await api.call(
                .POST, path, ["result": "pass", "steps": [["passed": true], ["passed": true, "value": "40"]]],
                headers: ["If-Match": "\"1\""])
            #expect(again.status == .preconditionFailed)
            let task = try await api.call(.GET, "/api/v1/maintenance-tasks/\(id)").json
            #expect(task["nextDue"] as? String == "2027-02-10" && task["state"] as? String == "scheduled" && task["version"] as? Int == 2)
            let history = try await api.call(.GET, path).json
            #expect(
                history["total"] as? Int == 1 && (history["items"] as? [[String: Any]])?.first?["performedBy"] as? String == technician.name
            )

            // Done, it keeps its history: it cannot be removed, only made inactive.
            #expect(try await api.call(.DELETE, "/api/v1/maintenance-tasks/\(id)").status == .unprocessableEntity)
            let inactive = try await api.call(.PATCH, "/api/v1/maintenance-tasks/\(id)", ["active": false], headers: ["If-Match": "\"2\""])
            #expect(inactive.status == .ok && inactive.json["active"] as? Bool == false)
            let actions = try await AuditEntry.query(on: app.app.db).filter(\.$entityType ~~ ["maintenance_task", "maintenance_record"])
                .all()
                .map(\.action).sorted()
            #expect(
                actions == ["maintenance_record.create", "maintenance_task.complete", "maintenance_task.create", "maintenance_task.update"])
        }
    }

    @Test("On the pages: planned from the asset, recorded late with a measurement, shown on the dashboard, the asset and the list")
    func pages() async throws {
        try await TestApp.with { app in
            let asset = try await ups(app)
            let browser = try await app.signedIn(.technician, language: .de)
            let form = try await browser.get("/monitoring/tasks/new?assetTag=UPS-3")
            #expect(form.formValue("assetTag") == "UPS-3")
            let refused = try await browser.submit(
                "/monitoring/tasks",
                ["title": "UPS-Selbsttest", "assetTag": "UPS-404", "every": "x", "unit": "months", "firstDue": "2026-11-10"],
                from: "/monitoring/tasks/new")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"assetTag-error\"") && refused.body.contains("id=\"every-error\""), "\(refused.body)")
            let created = try await browser.submit(
                "/monitoring/tasks",
                [
                    "title": "UPS-Selbsttest", "assetTag": "UPS-3", "every": "3", "unit": "months", "firstDue": "2026-11-10",
                    "leadDays": "7",
                    "steps": "Selbsttest starten\nAkkulaufzeit [min]", "active": "on",
                ], from: "/monitoring/tasks/new")
            #expect(created.status == .seeOther, "\(created.body)")
            let path = try #require(created.headers.first(name: .location)).split(separator: "?")[0]

            let dashboard = try await browser.get("/dashboard")
            #expect(dashboard.body.contains("UPS-Selbsttest") && dashboard.body.contains("Überfällig"), "\(dashboard.body)")
            let page = try await browser.get(String(path))
            #expect(page.body.contains("alle 3 Monate") && page.body.contains("Akkulaufzeit"))
            // A measured step without its value is sent back beside the step, what was typed kept.
            let missing = try await browser.submit(
                path + "/complete", ["step.1.done": "on", "result": "pass", "doneOn": "2026-11-17", "notes": "Alles gut", "version": "1"],
                from: String(path))
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("id=\"step-2-error\"") && missing.body.contains("Alles gut"))
            let recorded = try await browser.submit(
                path + "/complete",
                [
                    "step.1.done": "on", "step.2.done": "on", "step.2.value": "38", "result": "pass", "doneOn": "2026-11-17",
                    "notes": "Alles gut",
                    "version": "1",
                ],
                from: String(path))
            #expect(recorded.status == .seeOther, "\(recorded.body)")
            let after = try await browser.get(String(path))
            #expect(after.body.contains("17.11.2026") && after.body.contains("verspätet") && after.body.contains("38 min"))
            #expect(after.body.contains("10.02.2027"))
            let assetPage = try await browser.get("/hardware/\(asset.id!)")
            #expect(assetPage.body.contains("UPS-Selbsttest") && assetPage.body.contains("Bestanden"))
            #expect(try await browser.get("/monitoring/tasks?state=overdue").body.contains("UPS-Selbsttest") == false)
            #expect(try await browser.get("/monitoring/tasks?state=scheduled").body.contains("UPS-Selbsttest"))
            // An employee may not see the plan.
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get(String(path)).status == .forbidden)
        }
    }

    @Test("A technician's calendar feed holds their task and the maintenance windows; renewed, the old address is gone")
    func calendarFeed() async throws {
        try await TestApp.with { app in
            let asset = try await ups(app)
            let technician = try await app.makeUser(.technician, name: "Jonas Becker", language: .de)
            let browser = Browser(app)
            _ = try await browser.signIn(email: technician.email, password: TestApp.password)
            _ = try await MaintenanceTaskService(app: app.app, actor: .system).create(
                .init(
                    title: "Firmware", assetID: asset.id, every: 1, unit: .years, firstDue: CalendarDate("2026-12-01"),
                    assigneeID: technician.id,
                    steps: ChecklistStep.parse("Update firmware")))
            _ = try await MaintenanceTaskService(app: app.app, actor: .system).create(
                .init(title: "Someone else's", assetID: asset.id, every: 1, unit: .months, firstDue: CalendarDate("2026-12-01")))
            _ = try await CheckService(app: app.app, actor: .system).createWindow(
                .init(
                    name: "Patch Sunday", scope: "asset", scopeID: asset.id!, starts: "2026-11-22T04:00", durationMinutes: 120,
                    timeZone: "UTC",
                    rrule: "FREQ=WEEKLY;BYDAY=SU"))

            let none = try await browser.get("/profile")
            #expect(!none.body.contains("id=\"calendar-url\""))
            #expect(try await browser.submit("/profile/calendar", [:], from: "/profile").status == .seeOther)
            let profile = try await browser.get("/profile")
            let url = try #require(
                profile.body.components(separatedBy: "<code id=\"calendar-url\">").dropFirst().first?.components(separatedBy: "</code>")
                    .first)
            let path = try #require(URL(string: url)?.path)

            let anonymous = Browser(app)
            let feed = try await anonymous.get(path)
            #expect(feed.status == .ok && feed.headers.first(name: .contentType)?.hasPrefix("text/calendar") == true)
            let lines = feed.body.components(separatedBy: "\r\n")
            #expect(lines.contains("X-WR-CALNAME:Wartung · Jonas Becker"))
            // The task's due date and the next one within a year; nobody else's task.
            #expect(lines.filter { $0.hasPrefix("DTSTART;VALUE=DATE:") } == ["DTSTART;VALUE=DATE:20261201"])
            #expect(lines.contains("SUMMARY:Firmware · UPS-3 Server room UPS") && !feed.body.contains("Someone else"))
            // Thirteen Sundays of the window in the coming 90 days, the first on 22 November at 04:00 UTC.
            #expect(lines.filter { $0 == "SUMMARY:Wartungsfenster: Patch Sunday" }.count == 13)
            #expect(lines.contains("DTSTART:20261122T040000Z"))

            #expect(try await browser.submit("/profile/calendar", [:], from: "/profile").status == .seeOther)
            #expect(try await anonymous.get(path).status == .notFound)
            #expect(try await anonymous.get("/calendar/nothing.ics").status == .notFound)
            #expect(
                try await AuditEntry.query(on: app.app.db).filter(\.$action ~~ ["calendar_feed.create", "calendar_feed.renew"]).count() == 2
            )
        }
    }

    @Test("The demo company's monitoring reaches only this machine, and its maintenance has something overdue and due")
    func demo() async throws {
        try await TestApp.with { app in
            try await DemoData.load(into: app.app, employees: 60)
            let checks = try await Check.query(on: app.app.db).all()
            #expect(checks.count == 3 && checks.filter(\.onStatusPage).count == 3)
            // Never anybody's network: loopback targets only, and a heartbeat that probes nothing.
            #expect(checks.allSatisfy { $0.kind == .heartbeat || $0.target.contains("127.0.0.1") }, "\(checks.map(\.target))")
            #expect(try await app.count(MaintenanceWindow.self) == 1)
            let today = try await app.app.organisationToday()
            let states = try await MaintenanceTask.query(on: app.app.db).all().map { $0.state(today: today) }
            #expect(states.count >= 4 && states.contains(.overdue) && states.contains(.due) && states.contains(.scheduled))
            let technician = try #require(try await User.query(on: app.app.db).filter(\.$email == "technician@demo.example").first())
            #expect(try await MaintenanceTask.query(on: app.app.db).filter(\.$assigneeID == technician.id!).count() >= 4)
            // Loading again adds nothing.
            try await DemoData.load(into: app.app, employees: 60)
            #expect(try await app.count(Check.self) == 3)
        }
    }
}
