import Domain
import Fluent
import Foundation
import SQLKit

struct CreateNumbering: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("vlans")
            .id()
            .field("site_id", .uuid, .required, .references("sites", "id"))
            .field("vid", .int, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "site_id", "vid")
            .create()
        try await database.schema("telephone_numbers")
            .id()
            .field("number", .string, .required)
            .field("extension", .string)
            .field("employee_id", .uuid, .references("employees", "id"))
            .field("asset_id", .uuid, .references("assets", "id"))
            .field("site_id", .uuid, .references("sites", "id"))
            .field("description", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .unique(on: "extension")
            .create()
    }

    // Loses every VLAN and telephone number.
    func revert(on database: any Database) async throws {
        try await database.schema("telephone_numbers").delete()
        try await database.schema("vlans").delete()
    }
}
