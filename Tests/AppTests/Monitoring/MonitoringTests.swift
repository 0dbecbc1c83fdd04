import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Testing
import Vapor

@testable import App

/// Checks stored and run by the server against real listeners (Tests/Peers/probe_targets.py), their states and
/// alerts, notifications to a real SMTP server, heartbeats over HTTP, maintenance windows, dependencies, leases and
/// retention.
@Suite("Monitoring: checks, alerts, notifications, heartbeats, windows, leases", .serialized)
struct MonitoringTests {
    func withTargets(_ body: ([String: Int]) async throws -> Void) async throws {
        try await Peer.with("probe_targets.py") { peer in
            let ports = try JSONDecoder().decode(
                [String: Int].self, from: Data(contentsOf: peer.directory.appendingPathComponent("ports.json")))
            try await body(ports)
        }
    }

    func tcpCheck(_ name: String, port: Int, retries: Int = 2, extra: [String: Any] = [:]) -> [String: Any] {
        ["name": name, "kind": "tcp", "target": "127.0.0.1", "port": port, "problemsBeforeHard": retries, "service": "Mail"].merging(extra)
        { $1 }
    }

    func runNow(_ app: TestApp, _ id: String) async throws -> ProbeResult? {
        try await app.app.monitor.runNow([UUID(uuidString: id)!])[UUID(uuidString: id)!]
    }

    @Test(
        "A refused port is soft, then a hard problem that opens an alert and mails its channel once; fixed, it recovers with exactly one mail"
    )
    func alertLifecycle() async throws {
        try await withTargets { ports in
            try await Peer.with("smtp_sink.py", ["--mode", "plain"]) { smtp in
                try await TestApp.with { app in
                    let (_, token) = try await app.token(.itManager)
                    let api = APIClient(app, token: token)
                    let settings = try await api.call(
                        .PATCH, "/api/v1/notification-settings",
                        [
                            "smtpHost": "127.0.0.1", "smtpPort": smtp.port, "smtpSecurity": "none", "fromAddress": "qm@example.ee",
                            "publicURL": "https://qm.example.ee",
                        ], headers: ["If-Match": "\"1\""])
                    #expect(settings.status == .ok, "\(settings.body)")
                    let channel = try await api.call(
                        .POST, "/api/v1/notification-channels",
                        ["name": "On call", "kind": "email", "recipients": ["oncall@example.ee"], "topics": ["alerts"], "language": "de"])
                    #expect(channel.status == .created, "\(channel.body)")

                    let created = try await api.call(.POST, "/api/v1/checks", tcpCheck("SMTP port", port: ports["closed"]!))
                    #expect(created.status == .created, "\(created.body)")
                    let id = try #require(created.json["id"] as? String)
                    #expect(created.json["state"].flatMap { ($0 as? [String: Any])?["status"] as? String } == "unknown")

                    #expect(try await runNow(app, id)?.problem == .refused)
                    var alerts = try await api.call(.GET, "/api/v1/alerts?open=true").json
                    #expect(alerts["total"] as? Int == 0)
                    let soft = try await api.call(.GET, "/api/v1/checks/\(id)").json["state"] as? [String: Any]
                    #expect(soft?["status"] as? String == "critical" && soft?["stateType"] as? String == "soft")

                    app.clock.advance(60)
                    _ = try await runNow(app, id)
                    alerts = try await api.call(.GET, "/api/v1/alerts?open=true").json
                    let alert = try #require((alerts["items"] as? [[String: Any]])?.first)
                    #expect(alert["status"] as? String == "critical" && alert["announced"] as? Bool == true)
                    #expect(try await NotificationService(app: app.app, actor: .system).deliverDue().sent == 1)
                    let mail = try #require(try smtp.received().first)
                    #expect(mail["subject"] as? String == "Kritisch: SMTP port · Mail")
                    let body = mail["body"] as? String ?? ""
                    #expect(
                        body.contains("Verbindung abgelehnt") && body.contains("https://qm.example.ee/monitoring/checks/\(id)"), "\(body)")

                    // Still down: nothing more is sent.
                    app.clock.advance(60)
                    _ = try await runNow(app, id)
                    #expect(try await NotificationService(app: app.app, actor: .system).deliverDue().sent == 0)

                    // The port is fixed: a PATCH keeps the state, the next OK result recovers it.
                    let check = try await api.call(.GET, "/api/v1/checks/\(id)")
                    let patched = try await api.call(
                        .PATCH, "/api/v1/checks/\(id)", ["port": ports["banner"]!],
                        headers: ["If-Match": check.headers.first(name: .eTag) ?? ""])
                    #expect(patched.status == .ok, "\(patched.body)")
                    app.clock.advance(60)
                    #expect(try await runNow(app, id)?.status == .ok)
                    app.clock.advance(60)
                    _ = try await runNow(app, id)
                    #expect(try await NotificationService(app: app.app, actor: .system).deliverDue().sent == 1)
                    #expect(try smtp.received().last?["subject"] as? String == "Erholt: SMTP port · Mail")
                    #expect(try smtp.received().count == 2)

                    let closed = try await api.call(.GET, "/api/v1/alerts?checkId=\(id)").json["items"] as? [[String: Any]]
                    let timeline = (closed?.first?["timeline"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
                    #expect(timeline == ["opened", "notified", "recovered", "notified"])
                    #expect(closed?.first?["closedAt"] != nil)
                    let results = try await api.call(.GET, "/api/v1/checks/\(id)/results").json
                    #expect(results["total"] as? Int == 5)
                    #expect((results["items"] as? [[String: Any]])?.first?["status"] as? String == "ok")
                }
            }
        }
    }

    @Test("A heartbeat has its own URL: a call keeps it OK, silence past period and grace makes it critical, the next call recovers it")
    func heartbeat() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let created = try await api.call(
                .POST, "/api/v1/checks",
                [
                    "name": "Nightly backup", "kind": "heartbeat", "service": "Backup", "intervalSeconds": 3600, "problemsBeforeHard": 1,
                    "settings": ["graceSeconds": 600],
                ])
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(created.json["id"] as? String)
            let url = try #require(created.json["heartbeatUrl"] as? String)
            let path = try #require(URL(string: url)?.path)
            #expect(path.hasPrefix("/heartbeat/") && path.count > 30)

            // An executive reads checks but does not see the secret URL.
            let (_, readerToken) = try await app.token(.executive)
            let asReader = try await APIClient(app, token: readerToken).call(.GET, "/api/v1/checks/\(id)").json
            #expect(asReader["heartbeatUrl"] == nil)

            // Before its first chance nothing is recorded: no result, no alert, the state pending.
            _ = try await runNow(app, id)
            #expect(try await api.call(.GET, "/api/v1/checks/\(id)/results").json["total"] as? Int == 0)
            #expect(try await api.call(.GET, "/api/v1/alerts").json["total"] as? Int == 0)

            let anonymous = Browser(app)
            #expect(try await anonymous.get(path).status == .ok)
            #expect(try await anonymous.get("/heartbeat/not-a-token").status == .notFound)
            #expect(try await runNow(app, id)?.status == .ok)

            app.clock.advance(3600 + 601)
            #expect(try await runNow(app, id)?.status == .critical)
            #expect(try await api.call(.GET, "/api/v1/alerts?open=true").json["total"] as? Int == 1)

            // The job runs again: the call itself recovers the check, without waiting for the next look.
            #expect(try await anonymous.request(.POST, path).status == .ok)
            #expect(try await api.call(.GET, "/api/v1/alerts?open=true").json["total"] as? Int == 0)

            // A new URL: the old one stops working.
            _ = try await CheckService(app: app.app, actor: .system).renewToken(UUID(uuidString: id)!)
            #expect(try await anonymous.get(path).status == .notFound)
        }
    }

    @Test("Maintenance windows and dependencies hold notices back; results are still recorded and the alert's timeline says why")
    func heldBack() async throws {
        try await withTargets { ports in
            try await TestApp.with { app in
                let (_, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                _ = try await api.call(
                    .POST, "/api/v1/notification-channels",
                    ["name": "Hook", "kind": "webhook", "webhookURL": "http://127.0.0.1:9/hook", "topics": ["alerts"], "language": "en"])
                let router = try await api.call(.POST, "/api/v1/checks", tcpCheck("Router", port: ports["closed"]!, retries: 1)).json
                let routerID = try #require(router["id"] as? String)
                let child = try await api.call(
                    .POST, "/api/v1/checks", tcpCheck("Printer", port: ports["closed"]!, retries: 1, extra: ["parentId": routerID])
                ).json
                let childID = try #require(child["id"] as? String)
                let window = try await api.call(
                    .POST, "/api/v1/maintenance-windows",
                    [
                        "name": "Router firmware", "scope": "check", "scopeId": routerID, "starts": "2026-11-18T00:00",
                        "durationMinutes": 1440,
                    ])
                #expect(window.status == .created, "\(window.body)")
                #expect(window.json["nextStart"] != nil)

                _ = try await runNow(app, routerID)
                _ = try await runNow(app, childID)
                let outbox = try await api.call(.GET, "/api/v1/notifications").json
                #expect(outbox["total"] as? Int == 0, "\(outbox)")
                let open = try await api.call(.GET, "/api/v1/alerts?open=true").json["items"] as? [[String: Any]] ?? []
                #expect(open.count == 2)
                let held = open.flatMap { ($0["timeline"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "held" } }
                    .compactMap { $0["detail"] as? String }.sorted()
                #expect(held == ["maintenance", "unreachable"])
                let childState = try await api.call(.GET, "/api/v1/checks/\(childID)").json["state"] as? [String: Any]
                #expect(childState?["unreachable"] as? Bool == true)

                // The check a child depends on cannot be removed while the child needs it.
                let refused = try await api.call(.DELETE, "/api/v1/checks/\(routerID)")
                #expect(refused.status == .unprocessableEntity)
                #expect(try await api.call(.DELETE, "/api/v1/checks/\(childID)").status == .noContent)
                #expect(try await api.call(.DELETE, "/api/v1/checks/\(routerID)").status == .noContent)
                #expect(try await app.count(Alert.self) == 0)
            }
        }
    }

    @Test("Acknowledging from the page stops further notices and is audited; the alerts page groups open alerts per asset")
    func acknowledgeOnPage() async throws {
        try await withTargets { ports in
            try await TestApp.with { app in
                let model = try await AssetService(app: app.app, actor: .system).createModel(
                    .init(manufacturer: "HPE", name: "DL360", type: "server"))
                let asset = try await AssetService(app: app.app, actor: .system).create(
                    .init(tag: "SRV-7", name: "Mail server", modelID: model.id))
                let service = CheckService(app: app.app, actor: .system)
                let check = try await service.create(
                    .init(
                        name: "SMTP",
                        definition: CheckDefinition(
                            kind: .tcp, target: "127.0.0.1", port: ports["closed"]!, policy: CheckPolicy(problemsBeforeHard: 1)),
                        assetID: asset.id, escalateAfterMinutes: 15))
                _ = try await app.app.monitor.runNow([check.id!])
                let alert = try #require(try await Alert.query(on: app.app.db).first())

                let browser = try await app.signedIn(.technician, language: .sv)
                let list = try await browser.get("/monitoring/alerts")
                #expect(list.status == .ok)
                #expect(list.body.contains("SRV-7 Mail server") && list.body.contains("Kritisk"), "\(list.body)")
                let page = try await browser.get("/monitoring/alerts/\(alert.id!)")
                #expect(page.body.contains("Problem bekräftat: Kritisk"))
                let done = try await browser.submit(
                    "/monitoring/alerts/\(alert.id!)/acknowledge", ["comment": "Byter nätaggregat"], from: "/monitoring/alerts/\(alert.id!)"
                )
                #expect(done.status == .seeOther)
                let after = try await browser.get("/monitoring/alerts/\(alert.id!)")
                #expect(after.body.contains("Byter nätaggregat") && !after.body.contains("name=\"comment\""))
                let state = try #require(try await CheckStateRecord.find(check.id, on: app.app.db))
                #expect(state.acknowledged && state.state.acknowledged)
                #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "alert.acknowledge").count() == 1)
                // Acknowledged, it does not escalate either.
                app.clock.advance(20 * 60)
                await app.app.monitor.refresh()
                #expect(try await Alert.find(alert.id, on: app.app.db)?.escalatedAt == nil)
                // A second acknowledgement is refused.
                let again = try await browser.submit(
                    "/monitoring/alerts/\(alert.id!)/acknowledge", ["comment": ""], from: "/monitoring/checks")
                #expect(again.status == .unprocessableEntity || again.status == .seeOther)
            }
        }
    }

    @Test("An announced problem nobody acknowledges escalates once to the escalation channels after its delay")
    func escalation() async throws {
        try await withTargets { ports in
            try await TestApp.with { app in
                let (_, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                for (name, topic) in [("Desk", "alerts"), ("Head of IT", "escalations")] {
                    _ = try await api.call(
                        .POST, "/api/v1/notification-channels",
                        ["name": name, "kind": "email", "recipients": ["\(topic)@example.ee"], "topics": [topic], "language": "en"])
                }
                let created = try await api.call(
                    .POST, "/api/v1/checks", tcpCheck("VPN", port: ports["closed"]!, retries: 1, extra: ["escalateAfterMinutes": 10])
                ).json
                let id = try #require(created["id"] as? String)
                _ = try await runNow(app, id)
                // The monitor escalates the shares it holds: this instance takes them all.
                await app.app.monitor.refresh()
                var topics = try await OutboxMessage.query(on: app.app.db).all().map(\.topicRaw)
                #expect(topics == ["alerts"])
                app.clock.advance(11 * 60)
                await app.app.monitor.refresh()
                await app.app.monitor.refresh()
                topics = try await OutboxMessage.query(on: app.app.db).sort(\.$createdAt).all().map(\.topicRaw)
                #expect(topics == ["alerts", "escalations"])
                let escalated = try await OutboxMessage.query(on: app.app.db).filter(\.$topicRaw == "escalations").first()
                #expect(escalated?.recipients == "escalations@example.ee")
                #expect(escalated?.subject.hasPrefix("ESCALATED Critical: VPN") == true, "\(escalated?.subject ?? "")")
            }
        }
    }

    @Test("Bad checks are refused with every field named, in the caller's language; nothing is stored")
    func validation() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token, acceptLanguage: "et")
            let bad = try await api.call(
                .POST, "/api/v1/checks",
                [
                    "name": "", "kind": "http", "target": "not a url", "intervalSeconds": 5, "timeoutSeconds": 30, "warning": 500,
                    "critical": 100,
                ])
            #expect(bad.status == .unprocessableEntity)
            let fields = Set((bad.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(fields.isSuperset(of: ["name", "target", "intervalSeconds", "timeoutSeconds", "critical", "service"]), "\(fields)")
            let snmp = try await api.call(
                .POST, "/api/v1/checks",
                ["name": "Disk", "kind": "snmp", "target": "10.0.0.1", "service": "NAS", "settings": ["oids": ["1.3.x"]]])
            #expect((snmp.json["invalidParams"] as? [[String: Any]])?.map { $0["name"] as? String } == ["oids"], "\(snmp.body)")
            let unknownKind = try await api.call(.POST, "/api/v1/checks", ["name": "X", "kind": "smoke-signal"])
            #expect(unknownKind.status == .unprocessableEntity)
            #expect((unknownKind.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "kind")
            #expect(try await app.count(Check.self) == 0)

            // The page shows the errors beside the fields, in the reader's language.
            let browser = try await app.signedIn(.technician, language: .de)
            let form = try await browser.submit(
                "/monitoring/checks", ["name": "Web", "kind": "http", "target": "", "intervalSeconds": "abc", "service": "Intranet"],
                from: "/monitoring/checks/new")
            #expect(form.status == .unprocessableEntity)
            #expect(form.body.contains("id=\"intervalSeconds-error\"") && form.body.contains("id=\"target-error\""), "\(form.body)")
            #expect(try await app.count(Check.self) == 0)
        }
    }

    @Test("The pages: a check created from the form runs now, shows its chart, results and state; the list filters by status")
    func pages() async throws {
        try await withTargets { ports in
            try await TestApp.with { app in
                let browser = try await app.signedIn(.itManager, language: .en)
                let created = try await browser.submit(
                    "/monitoring/checks",
                    [
                        "name": "Intranet", "kind": "http", "target": "http://127.0.0.1:\(ports["http"]!)/ok", "intervalSeconds": "60",
                        "timeoutSeconds": "5", "problemsBeforeHard": "3", "successesToRecover": "1", "service": "Intranet", "method": "GET",
                        "statuses": "200-299", "enabled": "on", "followRedirects": "on", "verifyCertificate": "on",
                    ], from: "/monitoring/checks/new")
                #expect(created.status == .seeOther, "\(created.body)")
                let location = try #require(created.headers.first(name: .location))
                let path = String(location.split(separator: "?")[0])
                for _ in 0..<3 {
                    app.clock.advance(600)  // results ten minutes apart, so the chart has a line
                    let ran = try await browser.submit(path + "/run", [:], from: path)
                    #expect(ran.status == .seeOther)
                }
                let detail = try await browser.get(path)
                #expect(detail.status == .ok)
                #expect(detail.body.contains("<polyline points=\""), "\(detail.body)")
                #expect(detail.body.contains("status-ok"))
                #expect(detail.body.contains("Web page (HTTP)"))
                let list = try await browser.get("/monitoring/checks?status=ok")
                #expect(list.body.contains("Intranet"))
                let critical = try await browser.get("/monitoring/checks?status=critical")
                #expect(!critical.body.contains(">Intranet<"))
                let edit = try await browser.get(path + "/edit")
                #expect(edit.formValue("target") == "http://127.0.0.1:\(ports["http"]!)/ok")
                let windows = try await browser.submit(
                    "/monitoring/maintenance",
                    [
                        "name": "Patch Sunday", "scope": "check", "target": "Intranet", "starts": "2026-11-22T04:00",
                        "durationMinutes": "120",
                        "rrule": "FREQ=WEEKLY;BYDAY=SU",
                    ], from: "/monitoring/maintenance")
                #expect(windows.status == .seeOther, "\(windows.body)")
                let listed = try await browser.get("/monitoring/maintenance")
                #expect(listed.body.contains("Patch Sunday") && listed.body.contains("FREQ=WEEKLY;BYDAY=SU"))
                let badRule = try await browser.submit(
                    "/monitoring/maintenance",
                    [
                        "name": "Odd", "scope": "check", "target": "Intranet", "starts": "2026-11-22T04:00", "durationMinutes": "60",
                        "rrule": "FREQ=YEARLY",
                    ], from: "/monitoring/maintenance")
                #expect(badRule.status == .unprocessableEntity)
            }
        }
    }

    @Test("Leases: two instances split the shares; when one stops renewing, the other takes them all within one lease")
    func leases() async throws {
        try await TestApp.with { app in
            let now = app.clock.now
            let a = MonitorLeases(owner: "a", leaseSeconds: 30)
            let b = MonitorLeases(owner: "b", leaseSeconds: 30)
            func refresh(_ leases: MonitorLeases, at time: Date) async throws -> Set<Int> {
                try await app.app.write(appendsToAuditTrail: false) { db in try await leases.refresh(on: db, now: time) }
            }
            #expect(try await refresh(a, at: now).count == MonitorLeases.shards)
            // B is seen but every share is held: it waits; A gives half back at its next refresh, B takes them.
            #expect(try await refresh(b, at: now.addingTimeInterval(1)).isEmpty)
            let kept = try await refresh(a, at: now.addingTimeInterval(10))
            #expect(kept.count == MonitorLeases.shards / 2)
            let taken = try await refresh(b, at: now.addingTimeInterval(11))
            #expect(taken.count == MonitorLeases.shards / 2 && taken.isDisjoint(with: kept))
            // A dies: it renews no more. Once its leases run out, B holds every share.
            #expect(try await refresh(b, at: now.addingTimeInterval(30)).count == MonitorLeases.shards / 2)
            let all = try await refresh(b, at: now.addingTimeInterval(45))
            #expect(all.count == MonitorLeases.shards)
            // A result of a share B no longer holds is not written by B... and A's stale write is fenced.
            let held = try await app.app.write(appendsToAuditTrail: false) { db in
                try await MonitorLeases.held(by: "a", on: db, now: now.addingTimeInterval(45))
            }
            #expect(held.isEmpty)
        }
    }

    @Test("The monitor in the server runs a check on its interval and writes its result without being asked")
    func runsOnSchedule() async throws {
        try await withTargets { ports in
            try await TestApp.with { app in
                let check = try await CheckService(app: app.app, actor: .system).create(
                    .init(
                        name: "Banner",
                        definition: CheckDefinition(
                            kind: .tcp, target: "127.0.0.1", port: ports["banner"]!, intervalSeconds: 10, timeoutSeconds: 5,
                            settings: CheckSettings(banner: "SSH-2.0")),
                        service: "SSH"))
                let monitor = Monitor(app: app.app, owner: "scheduled-test", refreshSeconds: 1, flushSeconds: 0.2)
                await monitor.start()
                var written = 0
                for _ in 0..<120 where written == 0 {
                    try await Task.sleep(for: .milliseconds(200))
                    written = await monitor.statistics.written
                }
                await monitor.stop()
                #expect(written >= 1)
                let state = try #require(try await CheckStateRecord.find(check.id, on: app.app.db))
                #expect(state.status == .ok && state.lastDetail.hasPrefix("SSH-2.0"))
                // Stopping gave the leases back.
                let owners = try await (app.app.db as! any SQLDatabase).select().column("owner").from("monitor_leases").all()
                #expect(try owners.allSatisfy { try $0.decode(column: "owner", as: String?.self) == nil })
            }
        }
    }

    @Test("Retention folds complete hours into aggregates once and deletes raw results past their days")
    func retention() async throws {
        try await withTargets { ports in
            try await TestApp.with { app in
                let check = try await CheckService(app: app.app, actor: .system).create(
                    .init(
                        name: "Banner", definition: CheckDefinition(kind: .tcp, target: "127.0.0.1", port: ports["banner"]!), service: "SSH"
                    ))
                let start = app.clock.now
                for _ in 0..<6 {
                    _ = try await app.app.monitor.runNow([check.id!])
                    app.clock.advance(20 * 60)
                }
                var report = try await CheckRetention.run(app: app.app, now: app.clock.now)
                #expect(report.hours >= 1 && report.deletedResults == 0)
                let hours = try await CheckHour.query(on: app.app.db).all()
                #expect(hours.map(\.count).reduce(0, +) <= 6 && hours.allSatisfy { $0.problems == 0 && $0.downSeconds == 0 })
                // Folded once: a second run adds nothing for the same hours.
                report = try await CheckRetention.run(app: app.app, now: app.clock.now)
                #expect(report.hours == 0)
                report = try await CheckRetention.run(app: app.app, now: start.addingTimeInterval(15 * 86400))
                #expect(report.deletedResults == 6)
                let (_, total) = try await MonitorViews.results(of: check.id!, limit: 10, offset: 0, on: app.app.db)
                #expect(total == 0)
                #expect(try await CheckHour.query(on: app.app.db).count() >= 2)
            }
        }
    }
}
