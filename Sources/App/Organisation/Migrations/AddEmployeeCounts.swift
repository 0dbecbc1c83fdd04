import Fluent
import SQLKit

/// Head counts per department, site and status, kept by triggers in the same transaction as every change to
/// `employees`. The directory's total and the org chart's head counts add up a few dozen rows instead of counting
/// 100,000 on every request. "No department" and "no site" are stored as a sentinel, so the key is never NULL.
struct AddEmployeeCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await CountedTable.employees.create(on: database.sql)
    }

    func revert(on database: any Database) async throws {
        try await CountedTable.employees.drop(on: database.sql)
    }
}
