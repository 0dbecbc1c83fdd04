import Domain
import Fluent
import Foundation
import SQLKit
import Testing

@testable import App

@Suite("Acceptable-use findings and four-eyes re-identification")
struct UsageFindingTests {
    @Test(
        "A rule raises findings under pseudonyms; a manager asks with a reason, a people officer approves, the manager sees who it is, every step is audited, and the employee sees it"
    )
    func fourEyes() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            let start = Int(app.clock.now.timeIntervalSince1970) - 3600
            // Person 4 visits a gambling site; the others only the news.
            var lines = (0..<11).map {
                "\(start + $0).000 20 10.1.0.\($0) TCP_MISS/200 1000 GET http://www.example.org/ p\($0) HIER_DIRECT/192.0.2.1 -"
            }
            lines.append("\(start + 50).000 20 10.1.0.4 TCP_TUNNEL/200 9000 CONNECT www.bet365.com:443 p4 HIER_DIRECT/192.0.2.1 -")
            _ = try await UsageTesting.ingest(app, .squid, [try UsageTesting.file(lines)])

            let (manager, managerToken) = try await app.token(.itManager)
            let managerAPI = APIClient(app, token: managerToken)
            let rule = try await managerAPI.call(
                .POST, "/api/v1/usage/rules", ["name": "No gambling", "kind": "category_blocked", "category": "gambling"])
            #expect(rule.status == .created)
            let badRule = try await managerAPI.call(
                .POST, "/api/v1/usage/rules", ["name": "Limit", "kind": "category_limit", "category": "poker"])
            #expect(badRule.status == .unprocessableEntity)
            try await UsageFindings.run(app: app.app, now: app.clock.now)
            let findings = try await managerAPI.call(.GET, "/api/v1/usage/findings")
            let list = findings.jsonArray
            #expect(list.count == 1)
            let finding = try #require(list.first)
            let pseudonym = try #require(finding["pseudonym"] as? String)
            #expect(pseudonym.hasPrefix("P-") && finding["person"] == nil)
            let id = try #require(finding["id"] as? String)

            // Asking needs a reason; a technician may not ask at all.
            #expect(
                try await managerAPI.call(.POST, "/api/v1/usage/findings/\(id)/reidentifications", ["reason": "why"]).status
                    == .unprocessableEntity)
            let (_, technicianToken) = try await app.token(.technician)
            #expect(
                try await APIClient(app, token: technicianToken).call(
                    .POST, "/api/v1/usage/findings/\(id)/reidentifications", ["reason": String(repeating: "x", count: 20)]
                )
                .status == .forbidden)
            let asked = try await managerAPI.call(
                .POST, "/api/v1/usage/findings/\(id)/reidentifications", ["reason": "Works council asked us to follow up gambling at work"])
            #expect(asked.status == .created)
            let requestID = try #require(asked.json["id"] as? String)
            // The manager cannot decide; nor see the person yet.
            #expect(
                try await managerAPI.call(.POST, "/api/v1/usage/reidentifications/\(requestID)/decision", ["approve": true]).status
                    == .forbidden)
            #expect((try await managerAPI.call(.GET, "/api/v1/usage/findings/\(id)")).json["person"] == nil)

            // The organisation's mail channel carries the notice to the employee.
            _ = try await NotificationService(app: app.app, actor: .system).createChannel(
                .init(name: "IT mail", kind: "email", recipients: "it@firma.example", topics: ["alerts"]))
            let (_, officerToken) = try await app.token(.peopleOfficer)
            let officerAPI = APIClient(app, token: officerToken)
            let pending = try await officerAPI.call(.GET, "/api/v1/usage/reidentifications?status=pending")
            #expect(pending.jsonArray.count == 1)
            let decided = try await officerAPI.call(
                .POST, "/api/v1/usage/reidentifications/\(requestID)/decision", ["approve": true, "note": "ok for this case"])
            #expect(decided.status == .ok && decided.json["status"] as? String == "approved")
            #expect(
                try await officerAPI.call(.POST, "/api/v1/usage/reidentifications/\(requestID)/decision", ["approve": false]).status
                    == .conflict)

            // Now the manager sees who it is — and only the manager, and only for seven days.
            let revealed = try await managerAPI.call(.GET, "/api/v1/usage/findings/\(id)")
            #expect((revealed.json["person"] as? [String: Any])?["employeeNumber"] as? String == company.people[4].employeeNumber)
            #expect((try await officerAPI.call(.GET, "/api/v1/usage/findings/\(id)")).json["person"] == nil)
            let page = try await app.signedIn(.itManager).get("/usage/findings/\(id)")
            #expect(page.status == .ok && !page.body.contains("Person4 Test"))
            // The manager who asked reads one sentence naming the person and their department.
            let own = Browser(app)
            #expect(try await own.signIn(email: manager.email, password: TestApp.password).status == .seeOther)
            let named = try await own.get("/usage/findings/\(id)").body
            #expect(named.contains("This finding is about Person4 Test ("), "\(named)")
            #expect(!named.contains("Test. ("))
            app.clock.advance(8 * 86400)
            #expect((try await managerAPI.call(.GET, "/api/v1/usage/findings/\(id)")).json["person"] == nil)

            let actions = try await AuditEntry.query(on: app.app.db).filter(\.$entityType == "usage_finding").all().map(\.action)
            #expect(actions.filter { $0 == "usage.reidentify.request" }.count == 1)
            #expect(actions.filter { $0 == "usage.reidentify.approve" }.count == 1)
            #expect(actions.filter { $0 == "usage.reidentify.view" }.count == 2)  // the API and the page
            _ = manager

            // Person 4 sees on their own page who asked, why, and who approved.
            let user = try await app.makeUser(.employee, email: "p4@firma.example")
            company.people[4].userID = user.id
            try await company.people[4].update(on: app.app.db)
            let browser = Browser(app)
            _ = try await browser.signIn(email: "p4@firma.example", password: TestApp.password)
            let mine = try await browser.get("/usage/mine")
            #expect(mine.body.contains("Works council asked us to follow up gambling at work"))
        }
    }

    @Test("The one who asked cannot approve, even as administrator; findings are not raised when switched off")
    func ownRequest() async throws {
        try await TestApp.with { app in
            _ = try await UsageCompany.make(app)
            try await UsageTesting.enable(app, UsageSwitches(web: true, webDomains: true, webHours: true))
            let start = Int(app.clock.now.timeIntervalSince1970) - 3600
            _ = try await UsageTesting.ingest(
                app, .squid,
                [
                    try UsageTesting.file([
                        "\(start).000 20 10.1.0.4 TCP_TUNNEL/200 9000 CONNECT www.bet365.com:443 p4 HIER_DIRECT/192.0.2.1 -"
                    ])
                ])
            let (_, adminToken) = try await app.token(.administrator)
            let api = APIClient(app, token: adminToken)
            _ = try await api.call(
                .POST, "/api/v1/usage/rules", ["name": "No gambling", "kind": "category_blocked", "category": "gambling"])
            try await UsageFindings.run(app: app.app, now: app.clock.now)
            #expect((try await api.call(.GET, "/api/v1/usage/findings")).jsonArray.isEmpty)
            try await UsageTesting.enable(app, UsageTesting.everything)
            try await UsageFindings.run(app: app.app, now: app.clock.now)
            let id = try #require((try await api.call(.GET, "/api/v1/usage/findings")).jsonArray.first?["id"] as? String)
            let asked = try await api.call(
                .POST, "/api/v1/usage/findings/\(id)/reidentifications", ["reason": "Checking the four-eyes rule holds"])
            let requestID = try #require(asked.json["id"] as? String)
            let own = try await api.call(.POST, "/api/v1/usage/reidentifications/\(requestID)/decision", ["approve": true])
            #expect(own.status == .conflict && own.json["code"] as? String == "own_request")

            // The command line lists rules and findings (pseudonyms only), adds and removes rules.
            let added = try CommandLine.run([
                "usage", "rules", "--add", "Evenings", "--kind", "out_of_hours", "--threshold", "10", "--database", app.databaseURL,
            ])
            #expect(added.status == 0 && added.output.contains("\tEvenings\tout_of_hours\t-\t10"), "\(added.error)")
            let refused = try CommandLine.run([
                "usage", "rules", "--add", "Poker", "--kind", "category_blocked", "--category", "poker", "--database", app.databaseURL,
            ])
            #expect(refused.status == 1 && refused.error.contains("category: not_found"))
            let findings = try CommandLine.run(["usage", "findings", "--database", app.databaseURL])
            #expect(findings.status == 0 && findings.output.contains("\tNo gambling\tP-") && !findings.output.contains("Person4"))
            let ruleID = try #require(added.output.split(separator: "\n").first { $0.contains("Evenings") }?.split(separator: "\t").first)
            let removed = try CommandLine.run(["usage", "rules", "--remove", String(ruleID), "--database", app.databaseURL])
            #expect(removed.status == 0 && !removed.output.contains("Evenings"))
        }
    }
}

@Suite("Usage: the data-protection impact assessment starter and the demo")
struct UsageDPIATests {
    @Test("The DPIA starter is written from the settings, in the reader's language, for those who manage usage only")
    func dpia() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageSwitches(web: true), retentionDays: 45, minimumGroupSize: 7)
            let german = try await app.signedIn(.peopleOfficer, language: .de)
            let document = try await german.get("/usage/dpia")
            #expect(document.status == .ok && document.headers.first(name: .contentType)?.hasPrefix("text/markdown") == true)
            #expect(document.body.contains("# Datenschutz-Folgenabschätzung"))
            #expect(document.body.contains("Zählungen werden nach 45 Tagen gelöscht."))
            #expect(document.body.contains("weniger als 7 Personen"))
            #expect(document.body.contains("Internetnutzung (Volumen pro Tag): wird erfasst"))
            #expect(document.body.contains("E-Mail-Mengen (Anzahl und Größen, nie Betreff oder Inhalt): wird nicht erfasst"))
            #expect(try await app.signedIn(.executive).get("/usage/dpia").status == .forbidden)
        }
    }
}

@Suite("Findings and re-identification in the browser")
struct UsageFindingPageTests {
    @Test(
        "Through the forms: a rule is added, its finding listed, a request made, approved by a people officer, and the name shown to the asker"
    )
    func forms() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            let start = Int(app.clock.now.timeIntervalSince1970) - 3600
            _ = try await UsageTesting.ingest(
                app, .squid,
                [
                    try UsageTesting.file([
                        "\(start).000 20 10.1.0.4 TCP_TUNNEL/200 9000 CONNECT www.bet365.com:443 p4 HIER_DIRECT/192.0.2.1 -"
                    ])
                ])
            let manager = try await app.signedIn(.itManager)
            let refused = try await manager.submit("/usage/rules", ["name": "Limit", "kind": "category_limit", "category": "gambling"])
            #expect(refused.status == .unprocessableEntity && refused.body.contains("threshold-error"))
            let added = try await manager.submit(
                "/usage/rules", ["name": "No gambling", "kind": "category_blocked", "category": "gambling"])
            #expect(added.status == .seeOther)
            #expect(try await manager.get("/usage/rules").body.contains("No gambling"))
            try await UsageFindings.run(app: app.app, now: app.clock.now)
            let list = try await manager.get("/usage/findings")
            #expect(list.status == .ok && list.body.contains("<code>P-") && !list.body.contains("Person4"))
            let finding = try #require(try await UsageReidentification.findings(on: app.app.db).first)
            let path = "/usage/findings/\(finding.id)"
            let tooShort = try await manager.submit(path + "/reidentify", ["reason": "curious"], from: path)
            #expect(tooShort.status == .unprocessableEntity)
            let asked = try await manager.submit(path + "/reidentify", ["reason": "Works council asked for this one case"], from: path)
            #expect(asked.status == .seeOther)

            let officer = try await app.signedIn(.peopleOfficer)
            let queue = try await officer.get("/usage/reidentifications")
            #expect(queue.status == .ok && queue.body.contains("Works council asked for this one case"))
            let request = try #require(try await UsageReidentification.records(on: app.app.db).first)
            let approved = try await officer.submit(
                "/usage/reidentifications/\(request.id)/decision", ["decision": "approve", "note": "one case"],
                from: "/usage/reidentifications")
            #expect(approved.status == .seeOther)
            let page = try await manager.get(path)
            #expect(page.body.contains(company.people[4].fullName))
        }
    }

    @Test("Who may see findings: employees, technicians and executives are refused; managers may not decide, people officers may not ask")
    func permissions() async throws {
        try await TestApp.with { app in
            for role in [Role.employee, .technician, .executive] {
                let browser = try await app.signedIn(role)
                #expect(try await browser.get("/usage/findings").status == .forbidden, "\(role)")
                #expect(try await browser.get("/usage/rules").status == .forbidden, "\(role)")
                #expect(try await browser.get("/usage/reidentifications").status == .forbidden, "\(role)")
            }
            #expect(try await app.signedIn(.itManager).get("/usage/reidentifications").status == .forbidden)
            let (_, officerToken) = try await app.token(.peopleOfficer)
            let officer = APIClient(app, token: officerToken)
            #expect(
                try await officer.call(
                    .POST, "/api/v1/usage/findings/\(UUID())/reidentifications", ["reason": "Works council asked for it"]
                )
                .status == .forbidden)
            let (_, executiveToken) = try await app.token(.executive)
            let executive = APIClient(app, token: executiveToken)
            #expect(try await executive.call(.GET, "/api/v1/usage/findings").status == .forbidden)
            #expect(try await executive.call(.GET, "/api/v1/usage/rules").status == .forbidden)
            #expect(try await executive.call(.DELETE, "/api/v1/usage/rules/\(UUID())").status == .forbidden)
            #expect(try await executive.call(.GET, "/api/v1/usage/reidentifications").status == .forbidden)
        }
    }
}
