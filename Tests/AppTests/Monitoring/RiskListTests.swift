import Domain
import Fluent
import Foundation
import Probes
import Testing
import Vapor

@testable import App

/// The forecast job over hourly aggregates as the retention job writes them, and the risk list it feeds with the
/// inventory's dates.
@Suite("Fault forecasts and the risk list: trends to their limits, warranty ends and end of life, soonest first", .serialized)
struct RiskListTests {
    /// Thirty days of hourly aggregates ending now, as `CheckRetention` writes them.
    func hours(_ app: TestApp, check: UUID, ms: ((Double) -> Int)? = nil, value: ((Double) -> Int)? = nil) async throws {
        let end = app.clock.now
        let rows: [[BulkInsert.Value]] = (0..<(30 * 24)).map { index in
            let start = end.addingTimeInterval(-Double(30 * 24 - index) * 3600)
            let day = Double(index) / 24
            return [
                .uuid(UUID()), .uuid(check), .date(start), .int(60), .int(0), ms.map { .int($0(day)) } ?? .null,
                ms.map { .int($0(day)) } ?? .null, ms.map { .int($0(day)) } ?? .null, .int(3600), .int(0),
                value.map { .int($0(day)) } ?? .null, value.map { .int($0(day)) } ?? .null, value.map { .int($0(day)) } ?? .null,
            ]
        }
        try await app.app.write(appendsToAuditTrail: false) { db in
            try await BulkInsert.rows(
                into: CheckHour.schema,
                columns: [
                    "id", "check_id", "hour", "count", "problems", "min_ms", "avg_ms", "max_ms", "up_seconds", "down_seconds", "min_value",
                    "avg_value", "max_value",
                ], rows, on: db)
        }
    }

    @Test("Risks read as sentences: a warranty ending today says today, an unnamed asset goes by its model, no dangling separator")
    func plainRisks() async throws {
        try await TestApp.with { app in
            let assets = AssetService(app: app.app, actor: .system)
            let today = CalendarDate(app.clock.now, in: try await app.app.services.organisation.current(on: app.app.db).timeZone)
            let laptop = try await assets.createModel(.init(manufacturer: "Dell", name: "Latitude 5440", type: "laptop"))
            _ = try await assets.create(.init(tag: "NB-9", modelID: laptop.id, warrantyEnd: today.description))
            _ = try await FaultForecastJob.run(app: app.app, now: app.clock.now)
            let browser = try await app.signedIn(.executive)
            for path in ["/monitoring/risks", "/dashboard"] {
                let body = try await browser.get(path).body
                #expect(body.contains("NB-9 Latitude 5440"), "\(path)")
                #expect(body.contains(">today</span>") && !body.contains("in 0 days"), "\(path)")
                #expect(!body.contains(" · </li>") && !body.contains("· \n"), "\(path)")
            }
        }
    }

    @Test("A filling disk, an expiring certificate, a warranty and a model's end of life come soonest first; a flat series does not")
    func riskList() async throws {
        try await TestApp.with { app in
            let checks = CheckService(app: app.app, actor: .system)
            let assets = AssetService(app: app.app, actor: .system)
            let today = CalendarDate(app.clock.now, in: try await app.app.services.organisation.current(on: app.app.db).timeZone)
            let nas = try await assets.createModel(.init(manufacturer: "Synology", name: "RS1221+", type: "server"))
            let phone = try await assets.createModel(
                .init(manufacturer: "Yealink", name: "T46S", type: "desk_phone", endOfLife: today.adding(days: 60).description))
            let box = try await assets.create(
                .init(tag: "NAS-1", name: "File server", modelID: nas.id, warrantyEnd: today.adding(days: 10).description))
            _ = try await assets.create(.init(tag: "PH-1", modelID: phone.id))
            let disk = try await checks.create(
                .init(
                    name: "Volume 1",
                    definition: CheckDefinition(
                        kind: .snmp, target: "127.0.0.1", warning: 80, critical: 90,
                        settings: CheckSettings(oids: ["1.3.6.1.2.1.25.2.3.1.6.1", "1.3.6.1.2.1.25.2.3.1.5.1"])), assetID: box.id))
            let certificate = try await checks.create(
                .init(
                    name: "Intranet TLS", definition: CheckDefinition(kind: .tls, target: "intranet.example.ee", warning: 14, critical: 7),
                    service: "Intranet"))
            let steady = try await checks.create(
                .init(
                    name: "Intranet", definition: CheckDefinition(kind: .http, target: "https://intranet.example.ee/", critical: 500),
                    service: "Intranet"))
            // Half a point a day from 50 %: 90 % in 80 days, 50 from now. A certificate 60 days from expiry, falling a
            // day a day: 7 days left 23 days from now. Response times flat at 100 ms: never 500.
            try await hours(app, check: disk.id!, value: { 50 + Int(($0 * 0.5).rounded(.down)) })
            try await hours(app, check: certificate.id!, value: { 60 - Int($0.rounded(.down)) })
            try await hours(app, check: steady.id!, ms: { _ in 100 })

            #expect(try await FaultForecastJob.run(app: app.app, now: app.clock.now) == 2)
            #expect(try await FaultForecastJob.run(app: app.app, now: app.clock.now) == 2, "the job replaces, never adds")
            let (_, token) = try await app.token(.executive)
            let risks = try await APIClient(app, token: token).call(.GET, "/api/v1/risks")
            #expect(risks.status == .ok)
            let list = try #require(
                risks.json["items"] as? [[String: Any]] ?? (try? JSONSerialization.jsonObject(with: Data(risks.body.utf8)))
                    as? [[String: Any]])
            #expect(list.map { $0["kind"] as? String } == ["warranty", "trend", "trend", "end_of_life"], "\(risks.body)")
            #expect(
                list.map { $0["title"] as? String } == [
                    "NAS-1 File server", "Intranet TLS · Intranet", "Volume 1 · NAS-1 File server", "T46S",
                ])
            func days(_ item: [String: Any]) -> Double {
                let at = ISO8601DateFormatter().date(from: item["at"] as? String ?? "") ?? .distantPast
                return at.timeIntervalSince(app.clock.now) / 86400
            }
            #expect(abs(days(list[1]) - 23) < 1.5 && abs(days(list[2]) - 50) < 2, "\(list)")
            #expect(list[3]["assetsInUse"] as? Int == 1)

            // The page and the dashboard, in Estonian.
            let browser = try await app.signedIn(.itManager, language: .et)
            let page = try await browser.get("/monitoring/risks")
            #expect(page.status == .ok && page.body.contains("Garantii lõpeb") && page.body.contains("piir 90"), "\(page.body)")
            #expect(page.body.contains("10 päeva pärast"))
            let dashboard = try await browser.get("/dashboard")
            #expect(dashboard.body.contains("Mis läheb rikki") && dashboard.body.contains("NAS-1 File server"))
            #expect(try await app.signedIn(.employee).get("/monitoring/risks").status == .forbidden)
        }
    }
}
