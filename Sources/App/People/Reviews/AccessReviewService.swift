import Domain
import Fluent
import Foundation
import Vapor

/// Starting an access review, the managers' decisions, the removals by hand, and closing it.
struct AccessReviewService: Sendable {
    let app: Application
    let actor: AuditActor

    /// Starts a review of the current access to `appIDs` (all applications when empty): one item per grant, for the
    /// person's manager to decide (or the application's owner; or, when there is neither, those who manage applications).
    func start(title: String, deadline: String, appIDs: [UUID]) async throws -> AccessReview {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if title.isEmpty { errors.append(FieldError(field: "title", code: .required)) }
        if title.count > 200 { errors.append(FieldError(field: "title", code: .tooLong)) }
        let today = try await app.organisationToday()
        let day = CalendarDate(deadline.trimmingCharacters(in: .whitespaces))
        if day == nil {
            errors.append(FieldError(field: "deadline", code: deadline.isEmpty ? .required : .dateInvalid))
        } else if let day, day < today {
            errors.append(FieldError(field: "deadline", code: .dateInPast))
        }
        try InputCheck.check(errors)
        let (now, actor) = (app.services.clock.now(), self.actor)
        return try await app.write { db in
            var apps = try await CompanyApp.query(on: db).all()
            if !appIDs.isEmpty {
                let wanted = Set(appIDs)
                guard wanted.isSubset(of: Set(apps.map { $0.id! })) else {
                    throw ValidationFailure([FieldError(field: "applications", code: .notFound)])
                }
                apps = apps.filter { wanted.contains($0.id!) }
            }
            let owners = Dictionary(uniqueKeysWithValues: apps.map { ($0.id!, $0.ownerID) })
            var grants: [AccessGrant] = []
            for chunk in Array(owners.keys).boundChunks() {
                grants += try await AccessGrant.query(on: db).filter(\.$appID ~~ chunk).filter(\.$revokedAt == nil).all()
            }
            guard !grants.isEmpty else { throw ValidationFailure([FieldError(field: "applications", code: .required)]) }
            var managers: [UUID: UUID?] = [:]
            for chunk in Array(Set(grants.map(\.employeeID))).boundChunks() {
                for employee in try await Employee.query(on: db).filter(\.$id ~~ chunk).all() {
                    managers[employee.id!] = employee.managerID
                }
            }
            let review = AccessReview()
            (review.id, review.title, review.deadlineText) = (UUID(), title, day!.description)
            (review.scopeText, review.startedAt, review.startedBy) = (appIDs.map(\.uuidString).joined(separator: "\n"), now, actor.label)
            try await review.create(on: db)
            let rows: [[BulkInsert.Value]] = grants.map { grant in
                let reviewer = AccessReviews.reviewer(
                    manager: managers[grant.employeeID] ?? nil, owner: owners[grant.appID] ?? nil, person: grant.employeeID)
                return [
                    .uuid(UUID()), .uuid(review.id!), .uuid(grant.id!), .uuid(grant.appID), .uuid(grant.employeeID),
                    reviewer.map { .uuid($0) } ?? .null, .text(AccessDecision.pending.rawValue), .text(""),
                ]
            }
            try await BulkInsert.rows(
                into: AccessReviewItem.schema,
                columns: ["id", "review_id", "grant_id", "app_id", "employee_id", "reviewer_id", "decision", "note"], rows, on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "access_review.create", entityType: AccessReview.auditEntityType,
                entityID: review.id!.uuidString,
                changes: [
                    "title": AuditChange(before: nil, after: title), "deadline": AuditChange(before: nil, after: review.deadlineText),
                    "items": AuditChange(before: nil, after: String(rows.count)),
                ], at: now)
            return review
        }
    }

    struct Decision: Sendable {
        let itemID: UUID
        let decision: AccessDecision
        let note: String
    }

    /// Records decisions, in one transaction. `reviewer` decides the items named for them; `mayDecideAll` (those who
    /// manage applications) decides any. Taking away is final: the grant is revoked at once (and its directory groups
    /// told); a kept item may still be taken away until the review is closed.
    @discardableResult
    func decide(_ reviewID: UUID, _ decisions: [Decision], reviewer: UUID?, mayDecideAll: Bool) async throws -> Int {
        let decisions = decisions.filter { $0.decision != .pending }
        guard !decisions.isEmpty else { return 0 }
        if decisions.contains(where: { $0.note.count > 1000 }) { throw ValidationFailure([FieldError(field: "note", code: .tooLong)]) }
        let (now, actor) = (app.services.clock.now(), self.actor)
        return try await app.write { db in
            guard let review = try await AccessReview.find(reviewID, on: db) else { throw AppError.notFound }
            guard review.isOpen else { throw AppError.conflict }
            var items: [UUID: AccessReviewItem] = [:]
            for chunk in decisions.map(\.itemID).boundChunks() {
                for item in try await AccessReviewItem.query(on: db).filter(\.$id ~~ chunk).filter(\.$reviewID == reviewID).all() {
                    items[item.id!] = item
                }
            }
            guard decisions.allSatisfy({ items[$0.itemID] != nil }) else { throw AppError.notFound }
            guard mayDecideAll || decisions.allSatisfy({ reviewer != nil && items[$0.itemID]?.reviewerID == reviewer }) else {
                throw AppError.forbidden
            }
            var pending: [AuditLog.Pending] = []
            for decision in decisions {
                let item = items[decision.itemID]!
                // Taken away already: final. The same answer twice changes nothing.
                if item.decision == .revoked || item.decision == decision.decision { continue }
                let note = decision.note.trimmingCharacters(in: .whitespacesAndNewlines)
                (item.decisionRaw, item.decidedAt, item.decidedBy, item.note) = (decision.decision.rawValue, now, actor.label, note)
                try await item.update(on: db)
                if decision.decision == .revoked, let grantID = item.grantID, let grant = try await AccessGrant.find(grantID, on: db),
                    grant.isActive
                {
                    let reason = note.isEmpty ? review.title : "\(review.title): \(note)"
                    try await AppCatalogueService.revoke(grant, note: reason, actor: actor, at: now, on: db)
                }
                pending.append(
                    AuditLog.Pending(
                        action: "access_review.decide", entityType: AccessReview.auditEntityType, entityID: reviewID.uuidString,
                        changes: [
                            "employee": AuditChange(before: nil, after: item.employeeID.uuidString),
                            "application": AuditChange(before: nil, after: item.appID.uuidString),
                            "decision": AuditChange(before: nil, after: decision.decision.rawValue),
                        ].merging(note.isEmpty ? [:] : ["note": AuditChange(before: nil, after: note)]) { $1 }))
            }
            try await AuditLog.appendBatch(on: db, actor: actor, pending, at: now)
            return pending.count
        }
    }

    /// Records that access given by hand was taken away where it lives (the removal task done).
    func markRemoved(_ itemID: UUID) async throws {
        let (now, actor) = (app.services.clock.now(), self.actor)
        try await app.write { db in
            guard let item = try await AccessReviewItem.find(itemID, on: db) else { throw AppError.notFound }
            guard item.decision == .revoked, item.removedAt == nil else { throw AppError.conflict }
            (item.removedAt, item.removedBy) = (now, actor.label)
            try await item.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "access_review.removal_done", entityType: AccessReview.auditEntityType,
                entityID: item.reviewID.uuidString,
                changes: [
                    "employee": AuditChange(before: nil, after: item.employeeID.uuidString),
                    "application": AuditChange(before: nil, after: item.appID.uuidString),
                ], at: now)
        }
    }

    /// Closes the review: no decision after this; what was not decided stays undecided in the evidence.
    func close(_ reviewID: UUID) async throws -> AccessReview {
        let (now, actor) = (app.services.clock.now(), self.actor)
        return try await app.write { db in
            guard let review = try await AccessReview.find(reviewID, on: db) else { throw AppError.notFound }
            guard review.isOpen else { throw AppError.conflict }
            (review.closedAt, review.closedBy) = (now, actor.label)
            try await review.update(on: db)
            let undecided = try await AccessReviewItem.query(on: db).filter(\.$reviewID == reviewID)
                .filter(\.$decisionRaw == AccessDecision.pending.rawValue).count()
            try await AuditLog.append(
                on: db, actor: actor, action: "access_review.close", entityType: AccessReview.auditEntityType,
                entityID: reviewID.uuidString, changes: ["undecided": AuditChange(before: nil, after: String(undecided))], at: now)
            return review
        }
    }

    /// The evidence as CSV: one line per item — application, person, reviewer, decision, when and by whom, the note,
    /// and for access given by hand when the removal was done.
    static func evidence(_ reviewID: UUID, on db: any Database) async throws -> String {
        let items = try await AccessReviewItem.query(on: db).filter(\.$reviewID == reviewID).all()
        let apps = try await CompanyApp.auditLabels(Array(Set(items.map(\.appID))), on: db)
        var people: [UUID: Employee] = [:]
        for chunk in Array(Set(items.map(\.employeeID) + items.compactMap(\.reviewerID))).boundChunks() {
            for employee in try await Employee.query(on: db).filter(\.$id ~~ chunk).all() { people[employee.id!] = employee }
        }
        let iso = ISO8601DateFormatter()
        var text = CSV.line([
            "application", "employee_number", "employee", "reviewer", "decision", "decided_at", "decided_by", "note", "removed_at",
            "removed_by",
        ])
        let sorted = items.sorted {
            (apps[$0.appID] ?? "", people[$0.employeeID]?.sortName ?? "") < (apps[$1.appID] ?? "", people[$1.employeeID]?.sortName ?? "")
        }
        for item in sorted {
            let person = people[item.employeeID]
            text += CSV.line([
                apps[item.appID] ?? "", person?.employeeNumber ?? "", person?.fullName ?? "",
                item.reviewerID.flatMap { people[$0]?.fullName } ?? "", item.decisionRaw, item.decidedAt.map(iso.string(from:)) ?? "",
                item.decidedBy ?? "", item.note, item.removedAt.map(iso.string(from:)) ?? "", item.removedBy ?? "",
            ])
        }
        return text
    }
}
