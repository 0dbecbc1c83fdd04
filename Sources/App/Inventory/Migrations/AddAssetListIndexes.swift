import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The asset list's counts and the indexes behind its sorts, each ending in the tag so that pages are stable; the
/// refresh questions (laptops by purchase date or warranty end) have their own.
struct AddAssetListIndexes: AsyncMigration {
    static let indexes: [(String, [String])] = [
        ("assets_by_name", ["name", "tag_key"]), ("assets_by_purchase_date", ["purchase_date", "tag_key"]),
        ("assets_by_warranty_end", ["warranty_end", "tag_key"]), ("assets_by_type_purchase_date", ["type", "purchase_date", "tag_key"]),
        ("assets_by_type_warranty_end", ["type", "warranty_end", "tag_key"]), ("assets_by_site_name", ["site_id", "name", "tag_key"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for (name, columns) in Self.indexes {
            var index = sql.create(index: SQLIdentifier(name)).on("assets")
            for column in columns { index = index.column(column) }
            try await index.run()
        }
        try await CountedTable.assets.create(on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await CountedTable.assets.drop(on: sql)
        for (name, _) in Self.indexes { try await sql.drop(index: SQLIdentifier(name)).run() }
    }
}
