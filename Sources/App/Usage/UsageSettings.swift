import Domain
import Fluent
import Foundation
import SQLKit

/// The organisation's usage policy (`UsagePolicy`): one row, made with the defaults — nothing collected — on first read.
enum UsageSettings {
    static let table = "usage_settings"

    struct Stored: Sendable, Equatable {
        var policy: UsagePolicy
        var version: Int
    }

    static func current(on db: any Database) async throws -> Stored {
        let sql = db.sql
        guard let row = try await sql.select().column("*").from(table).where("id", .equal, 1).first() else {
            return Stored(policy: UsagePolicy(), version: 0)
        }
        let switches = UsageSwitches(
            web: try row.decode(column: "collect_web", as: Bool.self),
            webDomains: try row.decode(column: "collect_web_domains", as: Bool.self),
            webHours: try row.decode(column: "collect_web_hours", as: Bool.self),
            mail: try row.decode(column: "collect_mail", as: Bool.self),
            findings: try row.decode(column: "collect_findings", as: Bool.self))
        let policy = UsagePolicy(
            switches: switches, retentionDays: try row.decode(column: "retention_days", as: Int.self),
            minimumGroupSize: try row.decode(column: "minimum_group_size", as: Int.self),
            rawBufferDays: try row.decode(column: "raw_buffer_days", as: Int.self),
            reidentificationDays: try row.decode(column: "reidentification_days", as: Int.self),
            notifyEmployee: try row.decode(column: "notify_employee", as: Bool.self),
            largeMailBytes: try row.decode(column: "large_mail_bytes", as: Int64.self),
            workdayStartHour: try row.decode(column: "workday_start_hour", as: Int.self),
            workdayEndHour: try row.decode(column: "workday_end_hour", as: Int.self))
        return Stored(policy: policy, version: try row.decode(column: "version", as: Int.self))
    }

    /// Saves `policy` if the stored version is still `expectedVersion` (0 before the first save); otherwise someone else
    /// changed it meanwhile and `AppError.preconditionFailed` says so. Writes the audit entry. Call inside `write`.
    static func save(
        _ policy: UsagePolicy, expectedVersion: Int, actor: AuditActor, now: Date, on db: any Database
    ) async throws -> Stored {
        let errors = policy.validate()
        guard errors.isEmpty else { throw AppError.invalid(ValidationFailure(errors)) }
        let before = try await current(on: db)
        guard before.version == expectedVersion else { throw AppError.preconditionFailed }
        let sql = db.sql
        let values: [(String, any SQLExpression)] = [
            ("collect_web", SQLBind(policy.switches.web)), ("collect_web_domains", SQLBind(policy.switches.webDomains)),
            ("collect_web_hours", SQLBind(policy.switches.webHours)), ("collect_mail", SQLBind(policy.switches.mail)),
            ("collect_findings", SQLBind(policy.switches.findings)), ("retention_days", SQLBind(policy.retentionDays)),
            ("minimum_group_size", SQLBind(policy.minimumGroupSize)), ("raw_buffer_days", SQLBind(policy.rawBufferDays)),
            ("reidentification_days", SQLBind(policy.reidentificationDays)), ("notify_employee", SQLBind(policy.notifyEmployee)),
            ("large_mail_bytes", SQLBind(policy.largeMailBytes)), ("workday_start_hour", SQLBind(policy.workdayStartHour)),
            ("workday_end_hour", SQLBind(policy.workdayEndHour)), ("version", SQLBind(expectedVersion + 1)), ("updated_at", SQLBind(now)),
        ]
        if expectedVersion == 0 {
            try await sql.insert(into: table).columns(["id"] + values.map(\.0)).values([SQLBind(1)] + values.map(\.1)).run()
        } else {
            var update = sql.update(table).where("id", .equal, 1).where("version", .equal, expectedVersion)
            for (column, value) in values { update = update.set(SQLIdentifier(column), to: value) }
            try await update.run()
        }
        try await AuditLog.append(
            on: db, actor: actor, action: "usage.settings.update", entityType: "usage_settings", entityID: "1",
            changes: AuditLog.diff(before: auditFields(before.policy), after: auditFields(policy)), at: now)
        return Stored(policy: policy, version: expectedVersion + 1)
    }

    static func auditFields(_ policy: UsagePolicy) -> [String: String] {
        [
            "collect_web": String(policy.switches.web), "collect_web_domains": String(policy.switches.webDomains),
            "collect_web_hours": String(policy.switches.webHours), "collect_mail": String(policy.switches.mail),
            "collect_findings": String(policy.switches.findings), "retention_days": String(policy.retentionDays),
            "minimum_group_size": String(policy.minimumGroupSize), "raw_buffer_days": String(policy.rawBufferDays),
            "reidentification_days": String(policy.reidentificationDays), "notify_employee": String(policy.notifyEmployee),
            "large_mail_bytes": String(policy.largeMailBytes), "workday_start_hour": String(policy.workdayStartHour),
            "workday_end_hour": String(policy.workdayEndHour),
        ]
    }
}
