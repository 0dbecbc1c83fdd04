import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

struct CreateUsageFindings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("usage_rules")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("category", .string)
            .field("threshold", .int64)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("usage_findings")
            .id()
            .field("rule_id", .uuid, .required, .references("usage_rules", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("subject", .string, .required)
            .field("value", .int64, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "rule_id", "day", "subject")
            .create()
        try await database.schema("usage_reidentifications")
            .id()
            .field("finding_id", .uuid, .required, .references("usage_findings", "id", onDelete: .cascade))
            .field("requested_by", .string, .required)
            .field("requester_label", .string, .required)
            .field("reason", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("status", .string, .required)
            .field("decided_by", .string)
            .field("decider_label", .string)
            .field("decision_note", .string)
            .field("decided_at", .datetime)
            .field("expires_at", .datetime)
            // Who the finding turned out to be about, kept once approved so that they can see it on their own page.
            .field("employee_id", .uuid)
            .create()
    }

    // Loses every rule, finding and re-identification record.
    func revert(on database: any Database) async throws {
        for table in ["usage_reidentifications", "usage_findings", "usage_rules"] { try await database.schema(table).delete() }
    }
}
