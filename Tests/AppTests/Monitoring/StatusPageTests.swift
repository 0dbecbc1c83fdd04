import Domain
import Fluent
import Foundation
import Probes
import Testing
import Vapor

@testable import App

/// The status page over real check runs: chosen services only, their state and ninety days of availability, private
/// until the organisation makes it public.
@Suite("Status page: chosen services, their state and 90 days of availability, public only when made so", .serialized)
struct StatusPageTests {
    @Test("A service that is down shows as down with today's bar short; others stay hidden; public only when switched on")
    func statusPage() async throws {
        try await Peer.with("probe_targets.py") { peer in
            let ports = try JSONDecoder().decode(
                [String: Int].self, from: Data(contentsOf: peer.directory.appendingPathComponent("ports.json")))
            try await TestApp.with { app in
                let (_, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                func check(_ name: String, service: String, port: Int, listed: Bool) async throws -> UUID {
                    let created = try await api.call(
                        .POST, "/api/v1/checks",
                        [
                            "name": name, "kind": "tcp", "target": "127.0.0.1", "port": port, "problemsBeforeHard": 1, "service": service,
                            "statusPage": listed,
                        ])
                    #expect(created.status == .created, "\(created.body)")
                    #expect(created.json["statusPage"] as? Bool == listed)
                    return UUID(uuidString: created.json["id"] as! String)!
                }
                let mail = try await check("SMTP", service: "Mail", port: ports["closed"]!, listed: true)
                let intranet = try await check("Intranet", service: "Intranet", port: ports["banner"]!, listed: true)
                let hidden = try await check("Payroll database", service: "Payroll", port: ports["banner"]!, listed: false)
                _ = try await app.app.monitor.runNow([mail, intranet, hidden])
                app.clock.advance(3600)

                // Private at first: sign in to read it, with monitoring.read.
                let anonymous = Browser(app)
                #expect(try await anonymous.get("/status").status == .seeOther)
                #expect(try await app.signedIn(.employee).get("/status").status == .forbidden)
                let executive = try await app.signedIn(.executive, language: .de)
                let page = try await executive.get("/status")
                #expect(page.status == .ok)
                #expect(page.body.contains("Einige Dienste sind ausgefallen."), "\(page.body)")
                #expect(page.body.contains("Mail <span class=\"condition condition-down\">Ausgefallen</span>"))
                #expect(page.body.contains("Intranet <span class=\"condition condition-operational\">In Betrieb</span>"))
                #expect(!page.body.contains("Payroll") && !page.body.contains("127.0.0.1"))
                // Ninety bars each; before the checks existed, days are unwatched; Mail's last day is down.
                #expect(page.body.components(separatedBy: "<rect ").count - 1 == 180)
                #expect(
                    page.body.contains("class=\"day-none\"") && page.body.contains("class=\"day-down\"")
                        && page.body.contains("class=\"day-up\""))
                #expect(!page.body.contains("name=\"isPublic\""), "an executive may not change it")

                // The IT manager makes it public with a title.
                let manager = try await app.signedIn(.itManager, language: .en)
                let saved = try await manager.submit(
                    "/status", ["title": "Example AS services", "isPublic": "on", "version": "1"], from: "/status")
                #expect(saved.status == .seeOther)
                let open = try await anonymous.get("/status")
                #expect(
                    open.status == .ok && open.body.contains("<h1>Example AS services</h1>")
                        && open.body.contains("Some services are down."))
                #expect(!open.body.contains("name=\"isPublic\"") && !open.body.contains("Payroll"))
                // A stale save is refused and changes nothing.
                let stale = try await manager.submit("/status", ["title": "Old", "version": "1"], from: "/status")
                #expect(stale.status == .preconditionFailed || stale.status == .conflict)
                #expect(try await StatusPageSettings.current(on: app.app.db).title == "Example AS services")
                #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "status_page.update").count() == 1)
            }
        }
    }

    @Test("A service is down on a hard CRITICAL, degraded on any other problem, unknown before its first result")
    func conditions() {
        func state(_ status: CheckStatus, hard: CheckStatus, ran: Bool = true) -> CheckStateRecord {
            let record = CheckStateRecord(checkID: UUID())
            (record.statusRaw, record.hardStatusRaw, record.lastResultAt) = (status.rawValue, hard.rawValue, ran ? Date() : nil)
            return record
        }
        #expect(StatusBoard.condition([state(.ok, hard: .ok)]) == .operational)
        #expect(StatusBoard.condition([state(.ok, hard: .ok), state(.critical, hard: .critical)]) == .down)
        #expect(StatusBoard.condition([state(.critical, hard: .ok)]) == .degraded)
        #expect(StatusBoard.condition([state(.warning, hard: .warning)]) == .degraded)
        #expect(StatusBoard.condition([state(.ok, hard: .ok, ran: false)]) == .unknown)
        // A check not yet run says nothing: with its sibling OK the service is unknown, never degraded (issue 18).
        #expect(StatusBoard.condition([state(.ok, hard: .ok), state(.ok, hard: .ok, ran: false)]) == .unknown)
        #expect(StatusBoard.condition([state(.warning, hard: .warning), state(.ok, hard: .ok, ran: false)]) == .degraded)
    }

    @Test("The headline counts only services that have been checked: one not yet checked does not make the page degraded")
    func headline() {
        func service(_ condition: StatusBoard.Condition) -> StatusBoard.Service {
            StatusBoard.Service(name: "x", condition: condition, days: [], overall: nil)
        }
        #expect(StatusBoard(services: [service(.operational), service(.unknown)]).overall == .operational)
        #expect(StatusBoard(services: [service(.unknown)]).overall == .unknown)
        #expect(StatusBoard(services: [service(.operational), service(.degraded), service(.unknown)]).overall == .degraded)
        #expect(StatusBoard(services: [service(.down), service(.degraded)]).overall == .down)
    }
}
