import Domain
import Foundation
import Probes
import Testing

@testable import App

/// The check list shows each check's recent response times as a sparkline (issue 20), as Uptime Kuma does.
@Suite("The check list's sparklines")
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
}
