import Domain
import Fluent
import Foundation
import Probes
import SQLKit

/// A configured check: what it tests, on which asset or named service, how often, and where its alerts go.
final class Check: Model, @unchecked Sendable {
    static let schema = "checks"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kindRaw: String
    @Field(key: "target") var target: String
    @OptionalField(key: "port") var port: Int?
    @Field(key: "interval_seconds") var intervalSeconds: Int
    @Field(key: "timeout_seconds") var timeoutSeconds: Int
    @Field(key: "problems_before_hard") var problemsBeforeHard: Int
    @Field(key: "successes_to_recover") var successesToRecover: Int
    @OptionalField(key: "warning") var warning: Int?
    @OptionalField(key: "critical") var critical: Int?
    /// `CheckSettings` as JSON.
    @Field(key: "settings") var settingsJSON: String
    @OptionalField(key: "asset_id") var assetID: UUID?
    /// A named service when the check belongs to no asset ("Payroll (SaaS)").
    @Field(key: "service") var service: String
    /// The check this one depends on (the site's router): while it is down, this one is unreachable, not alerted.
    @OptionalField(key: "parent_id") var parentID: UUID?
    /// Channels its alerts go to, comma-separated ids; empty: every channel subscribed to the alerts topic.
    @Field(key: "channel_ids") var channelIDsText: String
    /// Minutes an announced problem may stay unacknowledged before it goes to the escalation channels; nil: never.
    @OptionalField(key: "escalate_after_minutes") var escalateAfterMinutes: Int?
    @Field(key: "enabled") var enabled: Bool
    /// Shown on the status page, under its asset or service.
    @Field(key: "status_page") var onStatusPage: Bool
    /// Which of the `MonitorLeases.shards` shares of the checks this belongs to; instances lease shares.
    @Field(key: "shard") var shard: Int
    /// Heartbeats: the token in the check's URL, sealed, and its SHA-256 for looking the check up.
    @OptionalField(key: "heartbeat_token_sealed") var heartbeatTokenSealed: String?
    @OptionalField(key: "heartbeat_token_hash") var heartbeatTokenHash: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var kind: CheckKind { CheckKind(rawValue: kindRaw) ?? .tcp }
    var settings: CheckSettings { (try? JSONDecoder().decode(CheckSettings.self, from: Data(settingsJSON.utf8))) ?? CheckSettings() }
    var channelIDs: [UUID] { channelIDsText.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }

    var definition: CheckDefinition {
        CheckDefinition(
            kind: kind, target: target, port: port, intervalSeconds: intervalSeconds, timeoutSeconds: timeoutSeconds,
            policy: CheckPolicy(problemsBeforeHard: problemsBeforeHard, successesToRecover: successesToRecover), warning: warning,
            critical: critical, settings: settings)
    }

    static func encode(_ settings: CheckSettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(settings)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func tokenContext(_ id: UUID) -> String { "check.heartbeat:\(id.uuidString)" }

    var auditFields: [String: String] {
        [
            "name": name, "kind": kindRaw, "target": target, "port": port.map(String.init) ?? "",
            "interval_seconds": String(intervalSeconds),
            "timeout_seconds": String(timeoutSeconds), "problems_before_hard": String(problemsBeforeHard),
            "successes_to_recover": String(successesToRecover), "warning": warning.map(String.init) ?? "",
            "critical": critical.map(String.init) ?? "", "settings": settingsJSON, "asset": assetID?.uuidString ?? "", "service": service,
            "parent": parentID?.uuidString ?? "", "channels": channelIDsText,
            "escalate_after_minutes": escalateAfterMinutes.map(String.init) ?? "", "enabled": String(enabled),
            "status_page": String(onStatusPage),
            // The token itself never enters the trail; a new one shows as a change.
            "heartbeat_token": heartbeatTokenHash.map { String($0.prefix(8)) } ?? "",
        ]
    }
}

extension Check: VersionedRecord {
    static let auditEntityType = "check"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.check.path(id) }
}

/// What reports list of a check — who it is and where it belongs — read by SQL: the uptime report, the status page
/// and `/metrics` read every check, and building twelve thousand Fluent models (by reflection) took over a second.
struct CheckListing: Sendable {
    let id: UUID
    let name: String
    let kind: String
    let assetID: UUID?
    let service: String
    let createdAt: Date

    /// Checks by name; only those created before `createdBefore`, on the status page, or among `ids`, when given.
    static func read(createdBefore: Date? = nil, onStatusPage: Bool? = nil, ids: Set<UUID>? = nil, on db: any Database) async throws
        -> [CheckListing]
    {
        let sql = db.sql
        var listings: [CheckListing] = []
        let chunks: [[UUID]?] = ids.map { $0.boundChunks() } ?? [nil]
        for chunk in chunks {
            var select = sql.select().columns("id", "name", "kind", "asset_id", "service", "created_at").from(Check.schema)
            if let createdBefore { select = select.where("created_at", .lessThan, SQLBind(createdBefore)) }
            if let onStatusPage { select = select.where("status_page", .equal, SQLBind(onStatusPage)) }
            if let chunk { select = select.where("id", .in, SQLBind.group(chunk)) }
            for row in try await select.all() {
                listings.append(
                    CheckListing(
                        id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                        kind: try row.decode(column: "kind", as: String.self), assetID: try row.decode(column: "asset_id", as: UUID?.self),
                        service: try row.decode(column: "service", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Date.self)))
            }
        }
        return listings.sorted { $0.name != $1.name ? $0.name < $1.name : $0.id.uuidString < $1.id.uuidString }
    }
}

/// Where a check stands: the state machine's value and what the pages show, one row per check, rewritten by the
/// monitor with each result. Kept apart from `Check` so results never touch the configuration's version.
final class CheckStateRecord: Model, @unchecked Sendable {
    static let schema = "check_states"

    @ID(custom: "id", generatedBy: .user) var id: UUID?
    /// `CheckState` as JSON.
    @Field(key: "state") var stateJSON: String
    @Field(key: "status") var statusRaw: String
    @Field(key: "hard_status") var hardStatusRaw: String
    @Field(key: "state_type") var stateTypeRaw: String
    @Field(key: "flapping") var flapping: Bool
    @Field(key: "acknowledged") var acknowledged: Bool
    @Field(key: "unreachable") var unreachable: Bool
    @OptionalField(key: "last_result_at") var lastResultAt: Date?
    @OptionalField(key: "last_ms") var lastMilliseconds: Int?
    @OptionalField(key: "last_value") var lastValue: Int?
    @OptionalField(key: "last_problem") var lastProblem: String?
    @Field(key: "last_detail") var lastDetail: String
    /// Since when the hard status holds.
    @OptionalField(key: "hard_since") var hardSince: Date?
    /// Heartbeats: the last call.
    @OptionalField(key: "last_call_at") var lastCallAt: Date?

    init() {}

    init(checkID: UUID) {
        id = checkID
        stateJSON = Self.encode(CheckState())
        (statusRaw, hardStatusRaw, stateTypeRaw) = (CheckStatus.unknown.rawValue, CheckStatus.ok.rawValue, CheckStateType.hard.rawValue)
        (flapping, acknowledged, unreachable, lastDetail) = (false, false, false, "")
    }

    var state: CheckState { (try? JSONDecoder().decode(CheckState.self, from: Data(stateJSON.utf8))) ?? CheckState() }
    var status: CheckStatus { CheckStatus(rawValue: statusRaw) ?? .unknown }
    var hardStatus: CheckStatus { CheckStatus(rawValue: hardStatusRaw) ?? .ok }
    var problem: ProbeResult.Problem? { lastProblem.flatMap(ProbeResult.Problem.init(rawValue:)) }

    static func encode(_ state: CheckState) -> String {
        String(decoding: (try? JSONEncoder().encode(state)) ?? Data("{}".utf8), as: UTF8.self)
    }

    func apply(_ state: CheckState) {
        stateJSON = Self.encode(state)
        (statusRaw, hardStatusRaw, stateTypeRaw) = (state.status.rawValue, state.hardStatus.rawValue, state.type.rawValue)
        (flapping, acknowledged, unreachable, hardSince) = (state.flapping, state.acknowledged, state.unreachable, state.hardSince)
    }
}

/// One probe result, kept raw for the retention period (14 days by default), then folded into hourly aggregates.
enum CheckResultTable {
    static let name = "check_results"
    /// `down`: a hard problem was open after this result (what availability counts as down time).
    static let columns = ["check_id", "at", "status", "down", "ms", "value", "problem", "detail"]
}

/// An hour of a check's results: what the history keeps for two years, so a year's uptime reads 8,760 rows.
final class CheckHour: Model, @unchecked Sendable {
    static let schema = "check_hours"

    @ID(key: .id) var id: UUID?
    @Field(key: "check_id") var checkID: UUID
    @Field(key: "hour") var hour: Date
    @Field(key: "count") var count: Int
    @Field(key: "problems") var problems: Int
    @OptionalField(key: "min_ms") var minMilliseconds: Int?
    @OptionalField(key: "avg_ms") var averageMilliseconds: Int?
    @OptionalField(key: "max_ms") var maxMilliseconds: Int?
    @Field(key: "up_seconds") var upSeconds: Int
    @Field(key: "down_seconds") var downSeconds: Int
    @OptionalField(key: "min_value") var minimumValue: Int?
    @OptionalField(key: "avg_value") var averageValue: Int?
    @OptionalField(key: "max_value") var maximumValue: Int?

    init() {}
}

/// A hard problem of one check, from the moment it was confirmed until it recovered, with its timeline.
final class Alert: Model, @unchecked Sendable {
    static let schema = "alerts"

    @ID(key: .id) var id: UUID?
    @Field(key: "check_id") var checkID: UUID
    @OptionalField(key: "asset_id") var assetID: UUID?
    @Field(key: "status") var statusRaw: String
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: String?
    @Field(key: "comment") var comment: String
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    /// Whether anybody was told of it: a problem that opened in a window or while flapping may never be announced.
    @Field(key: "announced") var announced: Bool

    init() {}

    var status: CheckStatus { CheckStatus(rawValue: statusRaw) ?? .critical }
}

/// One entry of an alert's timeline.
final class AlertEvent: Model, @unchecked Sendable {
    static let schema = "alert_events"

    enum Kind: String, CaseIterable, Sendable {
        case opened, severity, acknowledged, escalated, notified, held, flapping, settled, recovered

        var labelKey: String { "alert.event.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "alert_id") var alertID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "kind") var kindRaw: String
    /// The status, a hold reason or a person's name, as the kind needs.
    @Field(key: "detail") var detail: String

    init() {}

    init(alertID: UUID, at: Date, kind: Kind, detail: String = "") {
        (self.id, self.alertID, self.at, self.kindRaw, self.detail) = (UUID(), alertID, at, kind.rawValue, detail)
    }

    var kind: Kind { Kind(rawValue: kindRaw) ?? .opened }
}

/// A time when notifications about an asset, a site's assets or one check are held back, once or recurring.
final class MaintenanceWindow: Model, @unchecked Sendable {
    static let schema = "maintenance_windows"

    enum Scope: String, CaseIterable, Codable, Sendable {
        case asset, site, check
        var labelKey: String { "maintenance.scope.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "scope") var scopeRaw: String
    @Field(key: "scope_id") var scopeID: UUID
    /// The first window's start in local time, `2026-12-06T04:00`.
    @Field(key: "starts") var startsLocal: String
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "time_zone") var timeZoneID: String
    /// An RRULE (`FREQ=WEEKLY;BYDAY=SU`), empty for a one-off window.
    @Field(key: "rrule") var rrule: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var scope: Scope { Scope(rawValue: scopeRaw) ?? .asset }

    var auditFields: [String: String] {
        [
            "name": name, "scope": scopeRaw, "scope_id": scopeID.uuidString, "starts": startsLocal,
            "duration_minutes": String(durationMinutes), "time_zone": timeZoneID, "rrule": rrule,
        ]
    }
}

extension MaintenanceWindow: VersionedRecord {
    static let auditEntityType = "maintenance_window"
    var auditLabel: String { name }
}

/// Which instance runs which share of the checks: a lease per shard, renewed while the instance lives.
enum MonitorLeaseTable {
    static let name = "monitor_leases"
    /// The instances that run checks, each with when it was last seen, so each can take its fair share.
    static let instances = "monitor_instances"
}
