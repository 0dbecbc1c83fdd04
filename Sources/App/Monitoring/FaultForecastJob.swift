import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The `checks.forecast` job: for every check with a limit, fits the trend of its hourly series over the last 30 days
/// (`FaultForecast`) and stores when it will reach the limit — disk usage from SNMP against its critical (else
/// warning) limit, days a certificate has left, response times. Runs every six hours; the pages read its table.
enum FaultForecastJob {
    static let job = "checks.forecast"
    static let days = 30

    /// The series a check is forecast on, its limit and which way is worse; nil for a check without a limit.
    static func series(of check: Check) -> (CheckForecast.Metric, Int, Thresholds.Direction)? {
        guard let limit = check.critical ?? check.warning else { return nil }
        switch check.kind {
        case .snmp: return (.value, limit, .above)
        case .tls: return (.value, limit, .below)
        case .http, .tcp, .icmp: return (.response, limit, .above)
        case .dns, .heartbeat: return nil
        }
    }

    @discardableResult
    static func run(app: Application, now: Date) async throws -> Int {
        let sql = app.db.sql
        let since = now.addingTimeInterval(-Double(days) * 86400)
        let checks = try await Check.query(on: app.db).filter(\.$enabled == true).all().filter { series(of: $0) != nil }
        var rows: [[BulkInsert.Value]] = []
        for chunk in stride(from: 0, to: checks.count, by: 200).map({ Array(checks[$0..<min($0 + 200, checks.count)]) }) {
            var points: [UUID: [(Date, Int?, Int?)]] = [:]
            for row in try await sql.select().columns("check_id", "hour", "avg_ms", "avg_value").from(CheckHour.schema)
                .where("check_id", .in, SQLBind.group(chunk.map { $0.id! })).where("hour", .greaterThanOrEqual, SQLBind(since))
                .orderBy("hour").all()
            {
                points[try row.decode(column: "check_id", as: UUID.self), default: []].append(
                    (
                        try row.decode(column: "hour", as: Date.self), try row.decode(column: "avg_ms", as: Int?.self),
                        try row.decode(column: "avg_value", as: Int?.self)
                    ))
            }
            for check in chunk {
                guard let (metric, limit, direction) = series(of: check) else { continue }
                let values = (points[check.id!] ?? []).compactMap { time, ms, value -> FaultForecast.Point? in
                    (metric == .response ? ms : value).map { FaultForecast.Point(time.addingTimeInterval(1800), Double($0)) }
                }
                guard let last = values.last, let prediction = FaultForecast.predict(values, threshold: Double(limit), direction: direction)
                else { continue }
                rows.append([
                    .uuid(check.id!), .text(metric.rawValue), .double(last.value), .int(limit), .date(prediction.crossing),
                    .double(prediction.slopePerDay), .double(prediction.fit), .date(prediction.since), .int(prediction.points), .date(now),
                ])
            }
        }
        let batch = rows
        try await app.write(appendsToAuditTrail: false) { db in
            try await CheckForecast.query(on: db).delete()
            guard !batch.isEmpty else { return }
            try await BulkInsert.rows(
                into: CheckForecast.schema,
                columns: ["id", "metric", "current", "threshold", "crossing", "slope_per_day", "fit", "since", "points", "computed_at"],
                batch,
                on: db)
        }
        return batch.count
    }
}
