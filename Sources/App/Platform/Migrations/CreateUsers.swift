import Fluent
import Foundation
import SQLKit

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("language", .string)
            .field("disabled", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("last_sign_in_at", .datetime)
            .unique(on: "email")
            .create()
    }

    // Loses every account.
    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
