import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// The check list walks checks by name: without this index, every page (at offset 5,000 of 12,000 too) sorted every
/// check first (most of the page's time on SQLite, perf).
struct AddCheckListIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("checks_by_name", "checks", ["name", "id"])
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for (name, table, columns) in Self.indexes {
            var index = sql.create(index: SQLIdentifier(name)).on(table)
            for column in columns { index = index.column(column) }
            try await index.run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for (name, _, _) in Self.indexes { try await sql.drop(index: SQLIdentifier(name)).run() }
    }
}
