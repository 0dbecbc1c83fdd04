import Fluent
import SQLKit

/// Covering indexes for the employee directory: each list filter, then the sort key and id, then status, so that a
/// page, its count and deep offsets are answered from the index alone (measured in BENCHMARKS.md).
struct AddEmployeeDirectoryIndexes: AsyncMigration {
    static let replaced = [
        ("employees_sort_name", ["sort_name"]), ("employees_department_name", ["department_id", "sort_name"]),
        ("employees_site_name", ["site_id", "sort_name"]), ("employees_manager_name", ["manager_id", "sort_name"]),
        ("employees_status_name", ["status", "sort_name"]),
    ]
    static let covering = [
        ("employees_list_name", ["sort_name", "id", "status"]),
        ("employees_list_department", ["department_id", "sort_name", "id", "status"]),
        ("employees_list_site", ["site_id", "sort_name", "id", "status"]),
        ("employees_list_manager", ["manager_id", "sort_name", "id", "status"]),
        ("employees_list_number", ["employee_number", "status"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database.sql
        for (name, _) in Self.replaced { try await sql.drop(index: name).run() }
        for (name, columns) in Self.covering { try await Self.create(name, columns, on: sql) }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        for (name, _) in Self.covering { try await sql.drop(index: name).run() }
        for (name, columns) in Self.replaced { try await Self.create(name, columns, on: sql) }
    }

    static func create(_ name: String, _ columns: [String], on sql: any SQLDatabase) async throws {
        var index = sql.create(index: name).on("employees")
        for column in columns { index = index.column(column) }
        try await index.run()
    }
}
