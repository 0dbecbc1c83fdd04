import Fluent
import SQLKit

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
