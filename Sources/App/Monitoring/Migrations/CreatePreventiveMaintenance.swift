import Domain
import Fluent
import Foundation
import SQLKit

struct CreatePreventiveMaintenance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("maintenance_tasks")
            .id()
            .field("title", .string, .required)
            .field("instructions", .string, .required)
            .field("asset_id", .uuid, .references("assets", "id"))
            .field("site_id", .uuid, .references("sites", "id"))
            .field("every", .int, .required)
            .field("unit", .string, .required)
            .field("anchor", .string, .required)
            .field("next_due", .string, .required)
            .field("lead_days", .int, .required)
            .field("assignee_id", .uuid, .references("users", "id"))
            .field("steps", .string, .required)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("maintenance_records")
            .id()
            .field("task_id", .uuid, .required, .references("maintenance_tasks", "id"))
            .field("title", .string, .required)
            .field("asset_id", .uuid)
            .field("site_id", .uuid)
            .field("due_on", .string, .required)
            .field("done_on", .string, .required)
            .field("result", .string, .required)
            .field("notes", .string, .required)
            .field("steps", .string, .required)
            .field("step_results", .string, .required)
            .field("performed_by", .uuid)
            .field("performed_by_name", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("calendar_feeds")
            .field("id", .uuid, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("token_sealed", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        let sql = database.sql
        try await sql.create(index: "maintenance_tasks_due").on("maintenance_tasks").column("active").column("next_due").run()
        try await sql.create(index: "maintenance_tasks_asset").on("maintenance_tasks").column("asset_id").run()
        try await sql.create(index: "maintenance_tasks_assignee").on("maintenance_tasks").column("assignee_id").run()
        try await sql.create(index: "maintenance_records_task").on("maintenance_records").column("task_id").column("done_on").run()
        try await sql.create(index: "maintenance_records_asset").on("maintenance_records").column("asset_id").column("done_on").run()
    }

    /// Loses the tasks, their history and the feeds' secrets.
    func revert(on database: any Database) async throws {
        for table in ["calendar_feeds", "maintenance_records", "maintenance_tasks"] {
            try await database.schema(table).delete()
        }
    }
}
