import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The `checks.retain` job: folds every complete hour of raw results into `check_hours` (once: each check continues
/// after its last folded hour), then deletes raw results older than the retention (14 days by default,
/// `QM_CHECK_RESULT_DAYS`) and hourly aggregates older than two years.
enum CheckRetention {
    static let job = "checks.retain"
    static let hourDays = 730
    /// A result's state counts until the next one, at most this long: a check that stopped is neither up nor down.
    static let maximumGap: TimeInterval = 3 * 3600

    struct Report: Sendable, Equatable {
        var hours = 0
        var deletedResults = 0
        var deletedHours = 0
    }

    @discardableResult
    static func run(app: Application, now: Date) async throws -> Report {
        let sql = app.db.sql
        let currentHour = Date(timeIntervalSince1970: floor(now.timeIntervalSince1970 / 3600) * 3600)
        var watermarks: [UUID: Date] = [:]
        for row in try await sql.select().column("check_id").column(SQLFunction("MAX", args: SQLColumn("hour")), as: "latest")
            .from(CheckHour.schema).groupBy("check_id").all()
        {
            watermarks[try row.decode(column: "check_id", as: UUID.self)] = try row.decode(column: "latest", as: Date.self)
        }
        let checkIDs = try await Check.query(on: app.db).all().map { $0.id! }
        var report = Report()
        for chunk in stride(from: 0, to: checkIDs.count, by: 200).map({ Array(checkIDs[$0..<min($0 + 200, checkIDs.count)]) }) {
            let earliest = chunk.compactMap { watermarks[$0]?.addingTimeInterval(3600) }.min()
            let unfolded = chunk.contains { watermarks[$0] == nil }
            var query = sql.select().columns("check_id", "at", "status", "down", "ms", "value").from(CheckResultTable.name)
                .where("check_id", .in, SQLBind.group(chunk)).where("at", .lessThan, SQLBind(currentHour))
            if !unfolded, let earliest { query = query.where("at", .greaterThanOrEqual, SQLBind(earliest)) }
            var samples: [UUID: [HourlyAggregation.Sample]] = [:]
            for row in try await query.orderBy("at").all() {
                let id = try row.decode(column: "check_id", as: UUID.self)
                let at = try row.decode(column: "at", as: Date.self)
                if let mark = watermarks[id], at < mark.addingTimeInterval(3600) { continue }
                samples[id, default: []].append(
                    HourlyAggregation.Sample(
                        at, milliseconds: try row.decode(column: "ms", as: Int?.self),
                        value: try row.decode(column: "value", as: Int?.self),
                        down: try row.decode(column: "down", as: Bool.self),
                        problem: (CheckStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .unknown).isProblem))
            }
            var rows: [[BulkInsert.Value]] = []
            for (id, series) in samples {
                for hour in HourlyAggregation.hours(series, until: currentHour, maximumGap: maximumGap) where hour.count > 0 {
                    rows.append([
                        .uuid(UUID()), .uuid(id), .date(hour.start), .int(hour.count), .int(hour.problems),
                        hour.minimumMilliseconds.map(BulkInsert.Value.int) ?? .null,
                        hour.averageMilliseconds.map(BulkInsert.Value.int) ?? .null,
                        hour.maximumMilliseconds.map(BulkInsert.Value.int) ?? .null, .int(Int(hour.upSeconds.rounded())),
                        .int(Int(hour.downSeconds.rounded())), hour.minimumValue.map(BulkInsert.Value.int) ?? .null,
                        hour.averageValue.map(BulkInsert.Value.int) ?? .null, hour.maximumValue.map(BulkInsert.Value.int) ?? .null,
                    ])
                }
            }
            guard !rows.isEmpty else { continue }
            report.hours += rows.count
            let batch = rows
            try await app.write(appendsToAuditTrail: false) { db in
                try await BulkInsert.rows(
                    into: CheckHour.schema,
                    columns: [
                        "id", "check_id", "hour", "count", "problems", "min_ms", "avg_ms", "max_ms", "up_seconds", "down_seconds",
                        "min_value",
                        "avg_value", "max_value",
                    ],
                    batch,
                    on: db)
            }
        }
        let resultCutoff = now.addingTimeInterval(-Double(app.services.config.checkResultDays) * 86400)
        let hourCutoff = now.addingTimeInterval(-Double(hourDays) * 86400)
        (report.deletedResults, report.deletedHours) = try await app.write(appendsToAuditTrail: false) { db in
            let sql = db.sql
            func count(_ table: String, _ column: String, before cutoff: Date) async throws -> Int {
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .where(column, .lessThan, SQLBind(cutoff)).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let results = try await count(CheckResultTable.name, "at", before: resultCutoff)
            let hours = try await count(CheckHour.schema, "hour", before: hourCutoff)
            try await sql.delete(from: CheckResultTable.name).where("at", .lessThan, SQLBind(resultCutoff)).run()
            try await sql.delete(from: CheckHour.schema).where("hour", .lessThan, SQLBind(hourCutoff)).run()
            return (results, hours)
        }
        return report
    }
}
