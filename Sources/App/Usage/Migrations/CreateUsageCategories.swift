import Domain
import Fluent
import Foundation
import LogFormats
import SQLKit
import Vapor

struct CreateUsageCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UsageCategories.categoriesTable)
            .id()
            .field("name", .string, .required)
            .field("origin", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "origin", "name")
            .create()
        try await database.schema(UsageCategories.domainsTable)
            .field("domain", .string, .required)
            .field("category_id", .uuid, .required, .references(UsageCategories.categoriesTable, "id", onDelete: .cascade))
            .unique(on: "domain", "category_id")
            .create()
    }

    // Loses the imported category lists (the starter list is loaded again on the next start).
    func revert(on database: any Database) async throws {
        try await database.schema(UsageCategories.domainsTable).delete()
        try await database.schema(UsageCategories.categoriesTable).delete()
    }
}
