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
