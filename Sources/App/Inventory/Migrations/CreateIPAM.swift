import Domain
import Fluent
import Foundation
import SQLKit

struct CreateIPAM: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        // Range scans compare the keys byte by byte; a PostgreSQL database with a linguistic default collation would
        // not, so the key columns say so.
        let key: DatabaseSchema.DataType = sql.engine != .sqlite ? .custom("TEXT COLLATE \"C\"") : .string
        try await database.schema("ip_prefixes")
            .id()
            .field("prefix", .string, .required)
            .field("length", .int, .required)
            .field("first_key", key, .required)
            .field("last_key", key, .required)
            .field("status", .string, .required)
            .field("site_id", .uuid, .references("sites", "id"))
            .field("description", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "prefix")
            .create()
        try await sql.create(index: "ip_prefixes_range").on("ip_prefixes").column("first_key").column("last_key").run()
        try await database.schema("ip_addresses")
            .id()
            .field("address", .string, .required)
            .field("sort_key", key, .required)
            .field("prefix_length", .int)
            .field("status", .string, .required)
            .field("dns_name", .string)
            .field("description", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "sort_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ip_addresses").delete()
        try await database.schema("ip_prefixes").delete()
    }
}
