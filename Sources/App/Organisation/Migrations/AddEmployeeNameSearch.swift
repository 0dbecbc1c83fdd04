import Fluent
import SQLKit

/// A trigram index for searching names by any fragment (see `TrigramSearch`).
struct AddEmployeeNameSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await TrigramSearch.employees.create(on: database.sql)
    }

    func revert(on database: any Database) async throws {
        try await TrigramSearch.employees.drop(on: database.sql)
    }
}
