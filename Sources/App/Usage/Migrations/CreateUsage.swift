import Fluent
import SQLKit

/// The usage tables (issue 6). Aggregates only: no table holds a URL, a query string, a subject or a raw log line
/// (the troubleshooting buffer, off by default, is the one exception and has its own retention). People appear as
/// pseudonyms; the keys that make them are in `usage_keys`, sealed under the installation's secret key.
struct CreateUsage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("usage_settings")
            .field("id", .int, .identifier(auto: false))
            .field("collect_web", .bool, .required)
            .field("collect_web_domains", .bool, .required)
            .field("collect_web_hours", .bool, .required)
            .field("collect_mail", .bool, .required)
            .field("collect_findings", .bool, .required)
            .field("retention_days", .int, .required)
            .field("minimum_group_size", .int, .required)
            .field("raw_buffer_days", .int, .required)
            .field("reidentification_days", .int, .required)
            .field("notify_employee", .bool, .required)
            .field("large_mail_bytes", .int64, .required)
            .field("workday_start_hour", .int, .required)
            .field("workday_end_hour", .int, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("usage_keys")
            .id()
            .field("first_day", .string, .required)
            .field("last_day", .string, .required)
            .field("sealed_key", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "first_day")
            .create()
        try await database.schema("usage_sources")
            .id()
            .field("format", .string, .required)
            .field("name", .string, .required)
            .field("lines", .int64, .required)
            .field("malformed", .int64, .required)
            .field("samples", .string, .required)
            .field("pending", .string, .required)
            .field("last_ingest_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "format", "name")
            .create()
        // A file is known by its first line's hash, not its name: `access.log` renamed to `access.log.1` and then
        // compressed to `access.log.2.gz` is the same file, and `offset` (in uncompressed bytes) says how far it counts.
        try await database.schema("usage_files")
            .id()
            .field("source_id", .uuid, .required, .references("usage_sources", "id", onDelete: .cascade))
            .field("fingerprint", .string, .required)
            .field("path", .string, .required)
            .field("offset", .int64, .required)
            .field("lines", .int64, .required)
            .field("malformed", .int64, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "source_id", "fingerprint")
            .create()
        // `subject` is a pseudonym or "unknown"; `site_key` is the site's id as text ('' for none), so that unknown
        // traffic is kept per site in the unique key.
        try await database.schema("usage_web_days")
            .field("day", .string, .required)
            .field("subject", .string, .required)
            .field("site_key", .string, .required)
            .field("domain", .string, .required)
            .field("department_id", .uuid)
            .field("site_id", .uuid)
            .field("requests", .int64, .required)
            .field("bytes", .int64, .required)
            .field("denied", .int64, .required)
            .unique(on: "day", "subject", "site_key", "domain")
            .create()
        try await database.schema("usage_web_hours")
            .field("day", .string, .required)
            .field("subject", .string, .required)
            .field("site_key", .string, .required)
            .field("hour", .int, .required)
            .field("department_id", .uuid)
            .field("site_id", .uuid)
            .field("requests", .int64, .required)
            .field("bytes", .int64, .required)
            .unique(on: "day", "subject", "site_key", "hour")
            .create()
        try await database.schema("usage_mail_days")
            .field("day", .string, .required)
            .field("subject", .string, .required)
            .field("site_key", .string, .required)
            .field("department_id", .uuid)
            .field("site_id", .uuid)
            .field("sent", .int64, .required)
            .field("received", .int64, .required)
            .field("sent_bytes", .int64, .required)
            .field("received_bytes", .int64, .required)
            .field("internal_recipients", .int64, .required)
            .field("external_recipients", .int64, .required)
            .field("largest_bytes", .int64, .required)
            .field("large_messages", .int64, .required)
            .field("large_to_free_mail", .int64, .required)
            .unique(on: "day", "subject", "site_key")
            .create()
        // The troubleshooting buffer: raw lines as read, kept only when the policy says so (off by default, at most 30
        // days), deleted by the retention job.
        try await database.schema("usage_raw_lines")
            .id()
            .field("source_id", .uuid, .required, .references("usage_sources", "id", onDelete: .cascade))
            .field("received_at", .datetime, .required)
            .field("line", .string, .required)
            .create()
        // Each unique key starts with the day, so it serves the reports' and the retention's day ranges: no index of
        // its own, one B-tree fewer to write for every aggregate row an ingest stores.
    }

    // Loses every usage aggregate, source and pseudonym key.
    func revert(on database: any Database) async throws {
        for table in [
            "usage_raw_lines", "usage_mail_days", "usage_web_hours", "usage_web_days", "usage_files", "usage_sources", "usage_keys",
            "usage_settings",
        ] {
            try await database.schema(table).delete()
        }
    }
}
