import Domain
import Fluent
import Foundation
import SQLKit

struct AddNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("notification_settings")
            .field("id", .int, .identifier(auto: false))
            .field("smtp_host", .string, .required)
            .field("smtp_port", .int, .required)
            .field("smtp_security", .string, .required)
            .field("smtp_username", .string, .required)
            .field("smtp_password_sealed", .string)
            .field("smtp_verify_certificate", .bool, .required)
            .field("from_address", .string, .required)
            .field("from_name", .string, .required)
            .field("public_url", .string, .required)
            .field("deadline_lead_days", .string, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let settings = NotificationSettings()
        settings.id = 1
        (settings.smtpHost, settings.smtpPort, settings.smtpSecurityRaw, settings.smtpUsername) = ("", 587, "starttls", "")
        (settings.smtpVerifyCertificate, settings.fromAddress, settings.fromName) = (true, "", "Quartermaster")
        (settings.publicURL, settings.deadlineLeadDays) = ("", ReminderLeadTimes.standard.description)
        (settings.version, settings.updatedAt) = (1, Date())
        try await settings.create(on: database)

        try await database.schema("notification_channels")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("recipients", .string, .required)
            .field("role", .string)
            .field("webhook_url_sealed", .string)
            .field("webhook_host", .string, .required)
            .field("webhook_format", .string, .required)
            .field("topics", .string, .required)
            .field("language", .string, .required)
            .field("enabled", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()

        try await database.schema("notification_outbox")
            .id()
            .field("channel_id", .uuid, .required, .references("notification_channels", "id", onDelete: .cascade))
            .field("topic", .string, .required)
            .field("recipients", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("link", .string)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
        let sql = database.sql
        try await sql.create(index: "notification_outbox_due").on("notification_outbox").column("status").column("next_attempt_at").run()
        try await sql.create(index: "notification_outbox_recent").on("notification_outbox").column("created_at").run()

        try await database.schema("deadline_reminders")
            .id()
            .field("key", .string, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in ["deadline_reminders", "notification_outbox", "notification_channels", "notification_settings"] {
            try await database.schema(schema).delete()
        }
    }
}
