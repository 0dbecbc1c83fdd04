import Fluent
import SQLKit

/// Sites, cost centres and departments are archived, never deleted: history keeps pointing at them.
struct AddStructureArchiving: AsyncMigration {
    static let tables = ["sites", "cost_centres", "departments"]

    func prepare(on database: any Database) async throws {
        for table in Self.tables { try await database.schema(table).field("archived_at", .datetime).update() }
    }

    func revert(on database: any Database) async throws {
        for table in Self.tables { try await database.schema(table).deleteField("archived_at").update() }
    }
}
