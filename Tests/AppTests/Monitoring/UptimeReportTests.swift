import Domain
import Fluent
import Foundation
import Probes
import Testing
import Vapor

@testable import App

/// The monthly uptime report over real check runs against a real closed and a real listening port.
@Suite("Uptime report: a month's availability per site, asset and check, its incidents, MTTR and MTBF", .serialized)
struct UptimeReportTests {
    @Test("Half an hour down in an hour and ten minutes of the asset's planned work: check, asset and site report SLA, incident and MTTR")
    func monthOfOneOutage() async throws {
        try await Peer.with("probe_targets.py") { peer in
            let ports = try JSONDecoder().decode(
                [String: Int].self, from: Data(contentsOf: peer.directory.appendingPathComponent("ports.json")))
            try await TestApp.with { app in
                let site = try await StructureService(app: app.app, actor: .system).createSite(
                    .init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
                let assets = AssetService(app: app.app, actor: .system)
                let model = try await assets.createModel(.init(manufacturer: "HPE", name: "DL360", type: "server"))
                let asset = try await assets.create(.init(tag: "SRV-1", name: "Mail server", modelID: model.id, siteID: site.id))
                let (_, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                let start = app.clock.now
                let created = try await api.call(
                    .POST, "/api/v1/checks",
                    [
                        "name": "SMTP", "kind": "tcp", "target": "127.0.0.1", "port": ports["closed"]!, "problemsBeforeHard": 1,
                        "assetId": asset.id!.uuidString,
                    ])
                #expect(created.status == .created, "\(created.body)")
                let id = try #require(created.json["id"] as? String)
                _ = try await app.app.monitor.runNow([UUID(uuidString: id)!])
                // Thirty minutes later the port answers: the alert closes.
                app.clock.advance(1800)
                let check = try await api.call(.GET, "/api/v1/checks/\(id)")
                _ = try await api.call(
                    .PATCH, "/api/v1/checks/\(id)", ["port": ports["banner"]!],
                    headers: ["If-Match": check.headers.first(name: .eTag) ?? ""])
                _ = try await app.app.monitor.runNow([UUID(uuidString: id)!])
                // Ten minutes of planned work while it was up: neither up nor down.
                let windowStart = Date(timeIntervalSince1970: (start.timeIntervalSince1970 / 60).rounded(.down) * 60 + 40 * 60)
                let local = DateFormatter()
                (local.dateFormat, local.timeZone, local.locale) = (
                    "yyyy-MM-dd'T'HH:mm", TimeZone(identifier: "UTC"), Locale(identifier: "en_US_POSIX")
                )
                let window = try await api.call(
                    .POST, "/api/v1/maintenance-windows",
                    [
                        "name": "Firmware", "scope": "asset", "scopeId": asset.id!.uuidString, "starts": local.string(from: windowStart),
                        "durationMinutes": 10, "timeZone": "UTC",
                    ])
                #expect(window.status == .created, "\(window.body)")
                app.clock.advance(1800)

                let zone = try await app.app.services.organisation.current(on: app.app.db).timeZone
                let month = CalendarMonth(containing: start, in: zone)
                let report = try await api.call(.GET, "/api/v1/uptime?month=\(month)")
                #expect(report.status == .ok, "\(report.body)")
                // The asset's window is its own: the site's hour still counts whole.
                for (level, up) in [("sites", 1800), ("subjects", 1200), ("checks", 1200)] {
                    let line = try #require((report.json[level] as? [[String: Any]])?.first, "\(level)")
                    #expect(line["downSeconds"] as? Int == 1800, "\(level) \(line)")
                    #expect(line["upSeconds"] as? Int == up, "\(level) \(line)")
                    #expect(line["slaBasisPoints"] as? Int == up * 10_000 / (1800 + up), "\(level) \(line)")
                    #expect(line["incidents"] as? Int == 1 && line["mttrSeconds"] as? Int == 1800, "\(level) \(line)")
                }
                #expect((report.json["sites"] as? [[String: Any]])?.first?["name"] as? String == "Tallinn")
                #expect((report.json["subjects"] as? [[String: Any]])?.first?["name"] as? String == "SRV-1 Mail server")
                let incident = try #require((report.json["incidents"] as? [[String: Any]])?.first)
                #expect(incident["check"] as? String == "SMTP" && incident["secondsInMonth"] as? Int == 1800 && incident["closedAt"] != nil)

                // The month before the check existed has nothing; a month not begun and a malformed one are refused.
                let before = try await api.call(.GET, "/api/v1/uptime?month=\(month.previous)").json
                #expect((before["checks"] as? [Any])?.isEmpty == true && (before["incidents"] as? [Any])?.isEmpty == true)
                for bad in [month.next.next.description, "2026-13"] {
                    let refused = try await api.call(.GET, "/api/v1/uptime?month=\(bad)")
                    #expect(refused.status == .unprocessableEntity)
                    #expect((refused.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "month")
                }

                // The command line reads the same month (up to its end, by the real clock), tab-separated.
                let cli = try CommandLine.run(["check", "uptime", "--database", app.databaseURL, "--month", month.description])
                #expect(cli.status == 0, "\(cli.error)")
                let checkLine = cli.output.split(separator: "\n").first { $0.hasPrefix("check\tSMTP\t") }.map { $0.split(separator: "\t") }
                #expect(checkLine?[3] == "1800" && checkLine?[4] == "1" && checkLine?[5] == "1800", "\(cli.output)")
                #expect(cli.output.contains("\(month): 1 check, 1 incident"))
                let badMonth = try CommandLine.run(["check", "uptime", "--database", app.databaseURL, "--month", "11/2026"])
                #expect(badMonth.status == 1 && badMonth.error.contains("is not a month like 2026-11"))

                // The page, in German, for an executive: the figures, the timeline and the incident.
                let browser = try await app.signedIn(.executive, language: .de)
                let page = try await browser.get("/monitoring/uptime?month=\(month)")
                #expect(page.status == .ok)
                #expect(page.body.contains("40,00") && page.body.contains("50,00") && page.body.contains("30 Min."), "\(page.body)")
                #expect(page.body.contains("class=\"outage-critical\"") && page.body.contains("SRV-1 Mail server"))
                #expect(page.body.contains("Verfügbarkeit im"))
                // A malformed month on the page falls back to the current one.
                #expect(try await browser.get("/monitoring/uptime?month=soon").status == .seeOther)
                // An employee may not read it.
                let employee = try await app.signedIn(.employee, language: .en)
                #expect(try await employee.get("/monitoring/uptime").status == .forbidden)
            }
        }
    }

    @Test("A month in which every check stayed up says so, not that nothing was monitored")
    func monthWithoutDowntime() async throws {
        try await Peer.with("probe_targets.py") { peer in
            let ports = try JSONDecoder().decode(
                [String: Int].self, from: Data(contentsOf: peer.directory.appendingPathComponent("ports.json")))
            try await TestApp.with { app in
                let (_, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                let start = app.clock.now
                let created = try await api.call(
                    .POST, "/api/v1/checks",
                    ["name": "SMTP", "kind": "tcp", "target": "127.0.0.1", "port": ports["banner"]!, "service": "Mail"])
                let id = try #require((created.json["id"] as? String).flatMap(UUID.init(uuidString:)), "\(created.body)")
                _ = try await app.app.monitor.runNow([id])
                app.clock.advance(600)
                _ = try await app.app.monitor.runNow([id])
                let month = CalendarMonth(containing: start, in: try await app.app.services.organisation.current(on: app.app.db).timeZone)
                let page = try await app.signedIn(.executive).get("/monitoring/uptime?month=\(month)").body
                #expect(page.contains("No check was down in this month."))
                #expect(!page.contains("Nothing was monitored"))
            }
        }
    }
}
