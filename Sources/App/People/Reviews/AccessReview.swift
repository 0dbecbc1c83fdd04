import Domain
import Fluent
import Foundation
import SQLKit

/// An access review: the access current when it was started, each item for the person's manager (or the
/// application's owner) to confirm or take away by the deadline; kept afterwards as the evidence of who decided what,
/// when.
final class AccessReview: Model, @unchecked Sendable {
    static let schema = "access_reviews"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    /// The last day to decide, in the organisation's calendar (`yyyy-mm-dd`).
    @Field(key: "deadline") var deadlineText: String
    /// The applications reviewed, by id, one a line; empty: all.
    @Field(key: "scope") var scopeText: String
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "started_by") var startedBy: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: String?

    init() {}

    var deadline: CalendarDate? { CalendarDate(deadlineText) }
    var isOpen: Bool { closedAt == nil }
    var scope: [UUID] { scopeText.split(separator: "\n").compactMap { UUID(uuidString: String($0)) } }
}

extension AccessReview: AuditSubject {
    static let auditEntityType = "access_review"
    var auditLabel: String { title }
    static func auditPath(_ id: UUID) -> String? { Paths.accessReview.path(id) }
}

/// One person's access to one application in a review, and what was decided about it.
final class AccessReviewItem: Model, @unchecked Sendable {
    static let schema = "access_review_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "review_id") var reviewID: UUID
    /// The grant reviewed; nil once the grant itself is past its retention (the item keeps what it was about).
    @OptionalField(key: "grant_id") var grantID: UUID?
    @Field(key: "app_id") var appID: UUID
    @Field(key: "employee_id") var employeeID: UUID
    /// The employee who decides; nil: those who manage applications.
    @OptionalField(key: "reviewer_id") var reviewerID: UUID?
    @Field(key: "decision") var decisionRaw: String
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @Field(key: "note") var note: String
    /// For access given by hand: when the removal was carried out, and by whom (the removal task).
    @OptionalField(key: "removed_at") var removedAt: Date?
    @OptionalField(key: "removed_by") var removedBy: String?

    init() {}

    var decision: AccessDecision { AccessDecision(rawValue: decisionRaw) ?? .pending }
}

struct CreateAccessReviews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccessReview.schema)
            .id()
            .field("title", .string, .required)
            .field("deadline", .string, .required)
            .field("scope", .string, .required)
            .field("started_at", .datetime, .required)
            .field("started_by", .string, .required)
            .field("closed_at", .datetime)
            .field("closed_by", .string)
            .create()
        try await database.schema(AccessReviewItem.schema)
            .id()
            .field("review_id", .uuid, .required, .references(AccessReview.schema, "id", onDelete: .cascade))
            .field("grant_id", .uuid, .references(AccessGrant.schema, "id", onDelete: .setNull))
            .field("app_id", .uuid, .required, .references(CompanyApp.schema, "id", onDelete: .cascade))
            .field("employee_id", .uuid, .required, .references("employees", "id", onDelete: .cascade))
            .field("reviewer_id", .uuid, .references("employees", "id", onDelete: .setNull))
            .field("decision", .string, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .field("note", .string, .required)
            .field("removed_at", .datetime)
            .field("removed_by", .string)
            .unique(on: "review_id", "grant_id")
            .create()
        try await database.sql.raw("CREATE INDEX access_review_items_reviewer ON access_review_items (reviewer_id, decision)").run()
        try await database.sql.raw("CREATE INDEX access_review_items_employee ON access_review_items (employee_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccessReviewItem.schema).delete()
        try await database.schema(AccessReview.schema).delete()
    }
}
