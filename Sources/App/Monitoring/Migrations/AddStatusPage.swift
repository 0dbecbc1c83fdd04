import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

struct AddStatusPage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("checks").field("status_page", .bool, .required, .sql(.default(false))).update()
        try await database.schema("status_page_settings")
            .id()
            .field("title", .string, .required)
            .field("public", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let now = Date()
        try await database.sql.insert(into: "status_page_settings")
            .columns("id", "title", "public", "version", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(""), SQLBind(false), SQLBind(1), SQLBind(now), SQLBind(now)).run()
    }

    /// Loses which checks were on the status page and its settings.
    func revert(on database: any Database) async throws {
        try await database.schema("status_page_settings").delete()
        try await database.schema("checks").deleteField("status_page").update()
    }
}
