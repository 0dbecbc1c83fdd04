import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The `usage.retain` job: deletes aggregates of days past the retention (90 days by default), the pseudonym keys of
/// periods wholly past it — after which those pseudonyms lead to no one — malformed-line samples older than a week,
/// and file checkpoints no longer needed (their lines would be too old to count again anyway). Deleted is deleted:
/// rows are removed, not marked.
enum UsageRetention {
    static let job = "usage.retain"
    static let sampleDays = 7

    struct Report: Sendable, Equatable {
        var rows = 0
        var keys = 0
        var rawLines = 0
    }

    @discardableResult
    static func run(app: Application, now: Date) async throws -> Report {
        let policy = try await UsageSettings.current(on: app.db).policy
        let zone = try await app.services.organisation.current(on: app.db).timeZone
        let oldestKept = CalendarDate(daysSince1970: CalendarDate(now, in: zone).daysSince1970 - policy.retentionDays + 1).description
        let fileCutoff = now.addingTimeInterval(-Double(policy.retentionDays + 30) * 86400)
        let sampleCutoff = now.addingTimeInterval(-Double(sampleDays) * 86400)
        let rawCutoff = now.addingTimeInterval(-Double(policy.rawBufferDays) * 86400)
        return try await app.write { db in
            let sql = db.sql
            var report = Report()
            // Findings go with the days they are about (and their re-identification records with them).
            for table in ["usage_web_days", "usage_web_hours", "usage_mail_days", "usage_findings"] {
                report.rows += try await count(sql, table, "day", before: oldestKept)
                try await sql.delete(from: table).where("day", .lessThan, oldestKept).run()
            }
            report.keys = try await count(sql, PseudonymKeys.table, "last_day", before: oldestKept)
            try await sql.delete(from: PseudonymKeys.table).where("last_day", .lessThan, oldestKept).run()
            if report.rows > 0 || report.keys > 0 { try await UsageRevision.bump(on: db) }
            try await sql.delete(from: "usage_files").where("updated_at", .lessThan, SQLBind(fileCutoff)).run()
            // The raw buffer keeps lines at most its days; switched off (0 days), it keeps none.
            report.rawLines =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("usage_raw_lines")
                .where("received_at", .lessThan, SQLBind(rawCutoff)).first()?.decode(column: "n", as: Int.self) ?? 0
            try await sql.delete(from: "usage_raw_lines").where("received_at", .lessThan, SQLBind(rawCutoff)).run()
            try await sql.update("usage_sources").set("samples", to: "[]")
                .where("last_ingest_at", .lessThan, SQLBind(sampleCutoff)).run()
            if report.rows > 0 || report.keys > 0 || report.rawLines > 0 {
                try await AuditLog.append(
                    on: db, actor: .system, action: "usage.retention", entityType: "usage", entityID: nil,
                    changes: [
                        "before_day": AuditChange(before: nil, after: oldestKept),
                        "rows": AuditChange(before: nil, after: String(report.rows)),
                        "keys": AuditChange(before: nil, after: String(report.keys)),
                        "raw_lines": AuditChange(before: nil, after: String(report.rawLines)),
                    ], at: now)
            }
            return report
        }
    }

    private static func count(_ sql: any SQLDatabase, _ table: String, _ column: String, before day: String) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
            .where(column, .lessThan, day).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
