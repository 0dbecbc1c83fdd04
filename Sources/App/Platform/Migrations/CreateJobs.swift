import Fluent
import Foundation
import SQLKit

struct CreateJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("jobs")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("schedule", .string)
            .field("payload", .string, .required)
            .field("status", .string, .required)
            .field("run_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("lease_owner", .string)
            .field("lease_expires_at", .datetime)
            .field("last_error", .string)
            .field("last_run_at", .datetime)
            .field("last_success_at", .datetime)
            .field("created_at", .datetime, .required)
            // Scheduled jobs carry their name here so that two instances starting at once register each only once;
            // NULL for queued jobs (NULLs never collide in a unique index on SQLite or PostgreSQL).
            .field("dedupe_key", .string)
            .unique(on: "dedupe_key")
            .create()
        let sql = database.sql
        try await sql.create(index: "jobs_due").on("jobs").column("status").column("run_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("jobs").delete()
    }
}
