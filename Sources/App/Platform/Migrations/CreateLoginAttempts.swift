import Fluent
import Foundation
import SQLKit

struct CreateLoginAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("login_attempts")
            .id()
            .field("email", .string, .required)
            .field("client_address", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("succeeded", .bool, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "login_attempts_email_time").on("login_attempts").column("email").column("occurred_at").run()
        try await sql.create(index: "login_attempts_address_time").on("login_attempts").column("client_address").column("occurred_at")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_attempts").delete()
    }
}
