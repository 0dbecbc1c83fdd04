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
        let sql = database as! any SQLDatabase
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
        let sql = database as! any SQLDatabase
        for (name, _) in Self.replaced { try await sql.drop(index: name).run() }
        for (name, columns) in Self.covering { try await Self.create(name, columns, on: sql) }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
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
        try await TrigramSearch.employees.create(on: database as! any SQLDatabase)
    }

    func revert(on database: any Database) async throws {
        try await TrigramSearch.employees.drop(on: database as! any SQLDatabase)
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
        let sql = database as! any SQLDatabase
        let statements: [String]
        if sql.dialect.name == "sqlite" {
            let key = "coalesce(%@.department_id, ''), coalesce(%@.site_id, ''), %@.status"
            let new = key.replacingOccurrences(of: "%@", with: "new")
            let matchOld = "department_id = coalesce(old.department_id, '') AND site_id = coalesce(old.site_id, '') AND status = old.status"
            statements = [
                "CREATE TABLE employee_counts (department_id NOT NULL, site_id NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL, "
                    + "PRIMARY KEY (department_id, site_id, status)) WITHOUT ROWID",
                """
                CREATE TRIGGER employee_counts_insert AFTER INSERT ON employees BEGIN
                  INSERT INTO employee_counts VALUES (\(new), 1) ON CONFLICT DO UPDATE SET n = n + 1; END
                """,
                "CREATE TRIGGER employee_counts_delete AFTER DELETE ON employees BEGIN UPDATE employee_counts SET n = n - 1 WHERE \(matchOld); END",
                """
                CREATE TRIGGER employee_counts_update AFTER UPDATE OF department_id, site_id, status ON employees
                WHEN old.department_id IS NOT new.department_id OR old.site_id IS NOT new.site_id OR old.status IS NOT new.status BEGIN
                  UPDATE employee_counts SET n = n - 1 WHERE \(matchOld);
                  INSERT INTO employee_counts VALUES (\(new), 1) ON CONFLICT DO UPDATE SET n = n + 1; END
                """,
                "INSERT INTO employee_counts SELECT \(key.replacingOccurrences(of: "%@.", with: "")), count(*) FROM employees GROUP BY 1, 2, 3",
            ]
        } else {
            let none = "'00000000-0000-0000-0000-000000000000'::uuid"
            let key = "coalesce(%@department_id, \(none)), coalesce(%@site_id, \(none)), %@status"
            statements = [
                "CREATE TABLE employee_counts (department_id uuid NOT NULL, site_id uuid NOT NULL, status text NOT NULL, n bigint NOT NULL, "
                    + "PRIMARY KEY (department_id, site_id, status))",
                """
                CREATE FUNCTION employee_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    UPDATE employee_counts SET n = n - 1
                    WHERE (department_id, site_id, status) = (\(key.replacingOccurrences(of: "%@", with: "OLD.")));
                  END IF;
                  IF TG_OP IN ('UPDATE', 'INSERT') THEN
                    INSERT INTO employee_counts VALUES (\(key.replacingOccurrences(of: "%@", with: "NEW.")), 1)
                    ON CONFLICT (department_id, site_id, status) DO UPDATE SET n = employee_counts.n + 1;
                  END IF;
                  RETURN NULL;
                END $$
                """,
                "CREATE TRIGGER employee_counts_insert_delete AFTER INSERT OR DELETE ON employees FOR EACH ROW EXECUTE FUNCTION employee_counts_change()",
                """
                CREATE TRIGGER employee_counts_update AFTER UPDATE OF department_id, site_id, status ON employees FOR EACH ROW
                WHEN (OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.site_id IS DISTINCT FROM NEW.site_id
                      OR OLD.status IS DISTINCT FROM NEW.status)
                EXECUTE FUNCTION employee_counts_change()
                """,
                "INSERT INTO employee_counts SELECT \(key.replacingOccurrences(of: "%@", with: "")), count(*) FROM employees GROUP BY 1, 2, 3",
            ]
        }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            for name in ["employee_counts_insert", "employee_counts_delete", "employee_counts_update"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: name)")).run()
            }
        } else {
            for name in ["employee_counts_insert_delete", "employee_counts_update"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: name) ON employees")).run()
            }
            try await sql.raw("DROP FUNCTION IF EXISTS employee_counts_change()").run()
        }
        try await sql.raw("DROP TABLE IF EXISTS employee_counts").run()
    }
}
