import Fluent
import SQLKit

/// Money and the fiscal year join the organisation's settings.
struct AddOrganisationFinance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        try await database.schema("organisation").field("default_currency", .string, .required, .sql(.default("EUR"))).update()
        try await database.schema("organisation").field("fiscal_year_start_month", .int, .required, .sql(.default(1))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisation").deleteField("fiscal_year_start_month").update()
        try await database.schema("organisation").deleteField("default_currency").update()
    }
}

struct CreateSites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sites")
            .id()
            .field("name", .string, .required)
            .field("address", .string, .required)
            .field("country", .string, .required)
            .field("time_zone", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema("rooms")
            .id()
            .field("site_id", .uuid, .required, .references("sites", "id"))
            .field("name", .string, .required)
            .field("floor", .string)
            .unique(on: "site_id", "name")
            .create()
    }

    // Loses every site and room.
    func revert(on database: any Database) async throws {
        try await database.schema("rooms").delete()
        try await database.schema("sites").delete()
    }
}

struct CreateCostCentresAndDepartments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // owner_id and manager_id name employees, whose table refers back to departments; the service checks them.
        try await database.schema("cost_centres")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("owner_id", .uuid)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await database.schema("departments")
            .id()
            .field("name", .string, .required)
            .field("parent_id", .uuid, .references("departments", "id"))
            .field("manager_id", .uuid)
            .field("cost_centre_id", .uuid, .references("cost_centres", "id"))
            .field("site_id", .uuid, .references("sites", "id"))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()
    }

    // Loses every department and cost centre.
    func revert(on database: any Database) async throws {
        try await database.schema("departments").delete()
        try await database.schema("cost_centres").delete()
    }
}

struct CreateEmployees: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("employees")
            .id()
            .field("employee_number", .string, .required)
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            // Lower-case "last first": the sort key for names, and the text that name search looks in.
            .field("sort_name", .string, .required)
            .field("work_email", .string)
            .field("phone", .string)
            .field("job_title", .string)
            .field("department_id", .uuid, .references("departments", "id"))
            .field("site_id", .uuid, .references("sites", "id"))
            .field("manager_id", .uuid, .references("employees", "id"))
            // Calendar dates as ISO 8601 text (YYYY-MM-DD): a start date has no time zone.
            .field("start_date", .string)
            .field("end_date", .string)
            .field("status", .string, .required)
            .field("user_id", .uuid, .references("users", "id"))
            .field("erased_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "employee_number")
            .unique(on: "work_email")
            .unique(on: "user_id")
            .create()
        let sql = database.sql
        // The list's common shapes: by department or site or manager or status, each sorted by name.
        for (name, columns) in [
            ("employees_sort_name", ["sort_name"]), ("employees_department_name", ["department_id", "sort_name"]),
            ("employees_site_name", ["site_id", "sort_name"]), ("employees_manager_name", ["manager_id", "sort_name"]),
            ("employees_status_name", ["status", "sort_name"]),
        ] {
            var index = sql.create(index: name).on("employees")
            for column in columns { index = index.column(column) }
            try await index.run()
        }
    }

    // Loses every employee record.
    func revert(on database: any Database) async throws {
        try await database.schema("employees").delete()
    }
}

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

/// A trigram index for searching names by any fragment (see `TrigramSearch`).
struct AddEmployeeNameSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await TrigramSearch.employees.create(on: database.sql)
    }

    func revert(on database: any Database) async throws {
        try await TrigramSearch.employees.drop(on: database.sql)
    }
}

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
