import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

struct AddCustomFields: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("custom_fields")
            .id()
            .field("asset_type", .string, .required)
            .field("key", .string, .required)
            .field("label", .string, .required)
            .field("kind", .string, .required)
            .field("choices", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "asset_type", "key")
            .create()
        try await database.schema("assets").field("custom_values", .string, .required, .sql(.default("{}"))).update()
    }

    // Loses every custom value.
    func revert(on database: any Database) async throws {
        try await database.schema("assets").deleteField("custom_values").update()
        try await database.schema("custom_fields").delete()
    }
}
