import Fluent
import SQLKit

struct CreateSites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sites")
            .id()
            .field("name", .string, .required)
            .field("address", .string, .required)
            .field("country", .string, .required)
            .field("time_zone", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema("rooms")
            .id()
            .field("site_id", .uuid, .required, .references("sites", "id"))
            .field("name", .string, .required)
            .field("floor", .string)
            .unique(on: "site_id", "name")
            .create()
    }

    // Loses every site and room.
    func revert(on database: any Database) async throws {
        try await database.schema("rooms").delete()
        try await database.schema("sites").delete()
    }
}
