import Domain
import Foundation
import Probes
import Testing

@testable import App

/// The check list shows each check's recent response times as a sparkline, and a check's chart spans a day, a week or
/// thirty days (issue 20), as Uptime Kuma does.
@Suite("The check list's sparklines and the chart's spans")
struct CheckSparklineTests {
    @Test("A check with results has a line of its last response times, said in words; one without has none")
    func sparkline() async throws {
        try await TestApp.with { app in
            let checks = CheckService(app: app.app, actor: .system)
            let measured = try await checks.create(
                .init(name: "Intranet", definition: CheckDefinition(kind: .tcp, target: "127.0.0.1", port: 9), service: "Intranet"))
            _ = try await checks.create(
                .init(name: "Quiet", definition: CheckDefinition(kind: .tcp, target: "127.0.0.1", port: 10), service: "Quiet"))
            let rows: [[BulkInsert.Value]] = [30, 10, 20].enumerated().map { index, ms in
                [
                    .uuid(measured.id!), .date(app.clock.now.addingTimeInterval(Double(index - 3) * 60)), .text("ok"), .bool(false),
                    .int(ms), .null, .null, .text(""),
                ]
            }
            try await app.app.write(appendsToAuditTrail: false) { db in
                try await BulkInsert.rows(into: CheckResultTable.name, columns: CheckResultTable.columns, rows, on: db)
            }
            let page = try await app.signedIn(.technician).get("/monitoring/checks").body
            #expect(page.components(separatedBy: "<svg class=\"spark\"").count == 2, "one sparkline: the check without results has none")
            #expect(page.contains("aria-label=\"Last 3 response times, 10 to 30 ms\""))
            // Oldest first, the highest time at the top of the box: 30 ms, then 10, then 20.
            #expect(page.contains("<polyline points=\"1,2 48,15 95,9\">"), "\(page)")
        }
    }

    @Test("The chart shows a day of raw results, or a week of hourly averages; an unknown span is refused")
    func chartSpans() async throws {
        try await TestApp.with { app in
            let check = try await CheckService(app: app.app, actor: .system).create(
                .init(name: "Intranet", definition: CheckDefinition(kind: .tcp, target: "127.0.0.1", port: 9), service: "Intranet"))
            let raw: [[BulkInsert.Value]] = [40, 60].enumerated().map { index, ms in
                [
                    .uuid(check.id!), .date(app.clock.now.addingTimeInterval(Double(index - 2) * 600)), .text("ok"), .bool(false), .int(ms),
                    .null, .null, .text(""),
                ]
            }
            // Three hours, three days ago, the middle one down.
            let hours: [[BulkInsert.Value]] = (0..<3).map { index in
                [
                    .uuid(UUID()), .uuid(check.id!), .date(app.clock.now.addingTimeInterval(-3 * 86400 + Double(index) * 3600)), .int(60),
                    .int(index == 1 ? 60 : 0), .int(10), .int(100 + index), .int(500), .int(index == 1 ? 0 : 3600),
                    .int(index == 1 ? 3600 : 0), .null, .null, .null,
                ]
            }
            try await app.app.write(appendsToAuditTrail: false) { db in
                try await BulkInsert.rows(into: CheckResultTable.name, columns: CheckResultTable.columns, raw, on: db)
                try await BulkInsert.rows(
                    into: CheckHour.schema,
                    columns: [
                        "id", "check_id", "hour", "count", "problems", "min_ms", "avg_ms", "max_ms", "up_seconds", "down_seconds",
                        "min_value", "avg_value", "max_value",
                    ], hours, on: db)
            }
            let browser = try await app.signedIn(.technician)
            let day = try await browser.get("/monitoring/checks/\(check.id!)").body
            #expect(day.contains("Response time, last 24 hours") && day.contains("<span aria-current=\"true\">last 24 hours</span>"))
            #expect(day.contains("href=\"/monitoring/checks/\(check.id!)?range=7d\">last 7 days</a>"))
            let points = { (body: String) -> Int in
                guard let start = body.range(of: "<polyline points=\""), let end = body[start.upperBound...].firstIndex(of: "\"") else {
                    return 0
                }
                return body[start.upperBound..<end].split(separator: " ").count
            }
            #expect(points(day) == 2, "the day shows the two raw results")
            #expect(!day.contains("class=\"band-critical\""))
            let week = try await browser.get("/monitoring/checks/\(check.id!)?range=7d").body
            #expect(week.contains("Response time, last 7 days"))
            #expect(week.contains("an hour&#39;s average") || week.contains("an hour's average"))
            #expect(points(week) == 3, "the week shows the three hourly averages")
            #expect(week.contains("class=\"band-critical\""), "the hour it was down is shaded")
            #expect(try await browser.get("/monitoring/checks/\(check.id!)?range=1y").status == .unprocessableEntity)
        }
    }
}
