import Domain
import Fluent
import Foundation
import SQLKit

/// The monitoring figures in Prometheus' text format, read from the database at each scrape, so every instance
/// answers the same and a removed check leaves no stale series: checks per status, open alerts, maintenance tasks
/// overdue, and — for a scraper with the metrics token — each check's status (0 OK, 1 WARNING, 2 CRITICAL,
/// 3 UNKNOWN, as monitoring plugins count), its last response time and how long its hard state has held.
enum CheckMetrics {
    static let statusValue: [CheckStatus: Int] = [.ok: 0, .warning: 1, .critical: 2, .unknown: 3]

    static func render(detailed: Bool, now: Date, monitor: Monitor.Statistics?, on db: any Database) async throws -> String {
        var lines = monitor.map(instanceLines) ?? []
        let counts = try await MonitorViews.statusCounts(on: db)
        lines += header("qm_checks", "gauge", "Checks by the status of their latest result.")
        for status in CheckStatus.allCases {
            lines.append("qm_checks{status=\"\(status.rawValue)\"} \(counts[status] ?? 0)")
        }
        let open = try await Alert.query(on: db).filter(\.$closedAt == nil).count()
        lines += header("qm_alerts_open", "gauge", "Alerts (hard problems) not yet recovered.")
        lines.append("qm_alerts_open \(open)")
        let zone = TimeZone(identifier: try await OrganisationSettings.current(on: db).timeZone) ?? TimeZone(identifier: "UTC")!
        let today = CalendarDate(now, in: zone)
        let overdue = try await MaintenanceTask.query(on: db).filter(\.$active == true).filter(\.$nextDue < today.description).count()
        lines += header("qm_maintenance_tasks_overdue", "gauge", "Active preventive maintenance tasks past their due date.")
        lines.append("qm_maintenance_tasks_overdue \(overdue)")
        guard detailed else { return lines.joined(separator: "\n") + "\n" }

        // One join by SQL, without models: a scrape of twelve thousand checks must not take seconds.
        let rows = try await db.sql.select()
            .columns(
                SQLColumn("id", table: "c"), SQLColumn("name", table: "c"), SQLColumn("kind", table: "c"),
                SQLColumn("asset_id", table: "c"),
                SQLColumn("service", table: "c"), SQLColumn("status", table: "s"), SQLColumn("last_result_at", table: "s"),
                SQLColumn("last_ms", table: "s"), SQLColumn("hard_since", table: "s")
            )
            .from(SQLAlias(SQLIdentifier(Check.schema), as: SQLIdentifier("c")))
            .join(
                SQLAlias(SQLIdentifier(CheckStateRecord.schema), as: SQLIdentifier("s")), method: SQLJoinMethod.left,
                on: SQLColumn("id", table: "s"), .equal, SQLColumn("id", table: "c")
            )
            .orderBy(SQLColumn("name", table: "c")).orderBy(SQLColumn("id", table: "c")).all()
        let assetIDs = try rows.map { try $0.decode(column: "asset_id", as: UUID?.self) }
        let assets = try await CheckAssets.byID(Set(assetIDs.compactMap { $0 }), on: db)
        var status: [String] = []
        var response: [String] = []
        var held: [String] = []
        for (row, assetID) in zip(rows, assetIDs) {
            let labels = Self.labels([
                ("check_id", try row.decode(column: "id", as: UUID.self).uuidString),
                ("check", try row.decode(column: "name", as: String.self)),
                ("kind", try row.decode(column: "kind", as: String.self)),
                (
                    "subject",
                    AlertRouter.subject(service: try row.decode(column: "service", as: String.self), asset: assetID.flatMap { assets[$0] })
                ),
            ])
            let ran = try row.decode(column: "last_result_at", as: Date?.self) != nil
            let current =
                ran ? try row.decode(column: "status", as: String?.self).flatMap(CheckStatus.init(rawValue:)) ?? .unknown : .unknown
            status.append("qm_check_status\(labels) \(statusValue[current] ?? 3)")
            if let ms = try row.decode(column: "last_ms", as: Int?.self) {
                response.append("qm_check_response_seconds\(labels) \(Double(ms) / 1000)")
            }
            if let since = try row.decode(column: "hard_since", as: Date?.self) {
                held.append("qm_check_hard_state_seconds\(labels) \(Int(now.timeIntervalSince(since)))")
            }
        }
        lines += header("qm_check_status", "gauge", "A check's latest status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.") + status
        lines += header("qm_check_response_seconds", "gauge", "A check's latest response time.") + response
        lines += header("qm_check_hard_state_seconds", "gauge", "How long a check's hard state has held.") + held
        return lines.joined(separator: "\n") + "\n"
    }

    static func header(_ name: String, _ type: String, _ help: String) -> [String] {
        ["# HELP \(name) \(help)", "# TYPE \(name) \(type)"]
    }

    /// `{name="value",...}` with values escaped as the text format says: backslash, double quote and line feed.
    static func labels(_ pairs: [(String, String)]) -> String {
        let escaped = pairs.map { name, value in
            // Most values need no escape; looking first keeps a scrape of thousands of checks quick.
            guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else {
                return "\(name)=\"\(value)\""
            }
            let value = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(name)=\"\(value)\""
        }
        return "{" + escaped.joined(separator: ",") + "}"
    }
}
