import Fluent
import Foundation
import SQLKit

struct CreateAuditTrail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("sequence", .int64, .identifier(auto: false))
            .field("occurred_at_ms", .int64, .required)
            .field("actor_id", .string)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string)
            .field("entity_id", .string)
            .field("changes", .string, .required)
            .field("client_address", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("sequence", .int64, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "audit_entries_time").on("audit_entries").column("occurred_at_ms").run()
        try await sql.create(index: "audit_entries_entity").on("audit_entries").column("entity_type").column("entity_id").run()
    }

    // Loses the audit trail.
    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_entries").delete()
    }
}
