import Fluent
import Foundation
import SQLKit

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("client_address", .string)
            .field("user_agent", .string)
            .unique(on: "token_hash")
            .create()
    }

    // Signs everybody out.
    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}
