import Domain
import Foundation
import Probes
import SQLKit

/// What judging a result needs of its check, read by SQL rather than as a Fluent model.
extension ResultRecorder {
    /// What judging a result needs of its check.
    struct CheckFacts: Sendable {
        let id: UUID
        let shard: Int
        let assetID: UUID?
        let parentID: UUID?
        let policy: CheckPolicy
        /// Heartbeats only.
        let heartbeat: HeartbeatRule?
        let createdAt: Date

        static func read(_ ids: Set<UUID>, on sql: any SQLDatabase) async throws -> [UUID: CheckFacts] {
            var facts: [UUID: CheckFacts] = [:]
            let columns = [
                "id", "shard", "kind", "asset_id", "parent_id", "problems_before_hard", "successes_to_recover", "interval_seconds",
                "settings", "created_at",
            ]
            for chunk in ids.boundChunks() {
                let rows = try await sql.select().columns(columns.map { SQLIdentifier($0) }).from(Check.schema)
                    .where("id", .in, SQLBind.group(chunk)).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: UUID.self)
                    let kind = CheckKind(rawValue: try row.decode(column: "kind", as: String.self))
                    var heartbeat: HeartbeatRule?
                    if kind == .heartbeat {
                        let settings = try row.decode(column: "settings", as: String.self)
                        let grace = (try? JSONDecoder().decode(CheckSettings.self, from: Data(settings.utf8)))?.graceSeconds
                        heartbeat = HeartbeatRule(
                            period: TimeInterval(try row.decode(column: "interval_seconds", as: Int.self)),
                            grace: TimeInterval(grace ?? CheckDefinition.defaultGraceSeconds))
                    }
                    facts[id] = CheckFacts(
                        id: id, shard: try row.decode(column: "shard", as: Int.self),
                        assetID: try row.decode(column: "asset_id", as: UUID?.self),
                        parentID: try row.decode(column: "parent_id", as: UUID?.self),
                        policy: CheckPolicy(
                            problemsBeforeHard: try row.decode(column: "problems_before_hard", as: Int.self),
                            successesToRecover: try row.decode(column: "successes_to_recover", as: Int.self)),
                        heartbeat: heartbeat, createdAt: try row.decode(column: "created_at", as: Date.self))
                }
            }
            return facts
        }
    }
}
