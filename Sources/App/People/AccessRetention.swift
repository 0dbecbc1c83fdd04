import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The `applications.retain` job: a grant taken away is kept as the record of who had access when (what an access
/// review or an auditor asks for) for `months` after it was taken away, then deleted, with one audit entry saying how
/// many. Current grants are never deleted by it. A closed access review is kept `reviewMonths` as evidence (three
/// years: an ISO 27001 certification cycle), and a finished directory operation `months`.
enum AccessRetention {
    static let job = "applications.retain"
    static let months = 24
    static let reviewMonths = 36

    @discardableResult
    static func run(app: Application, now: Date) async throws -> Int {
        let calendar = Calendar(identifier: .gregorian)
        let cutoff = calendar.date(byAdding: .month, value: -months, to: now) ?? now
        let reviewCutoff = calendar.date(byAdding: .month, value: -reviewMonths, to: now) ?? now
        return try await app.write { db in
            let expired = try await AccessGrant.query(on: db).filter(\.$revokedAt < cutoff).count()
            let reviews = try await AccessReview.query(on: db).filter(\.$closedAt < reviewCutoff).count()
            let operations = try await DirectoryOperation.query(on: db).filter(\.$finishedAt < cutoff).count()
            guard expired + reviews + operations > 0 else { return 0 }
            try await AccessGrant.query(on: db).filter(\.$revokedAt < cutoff).delete()
            try await AccessReview.query(on: db).filter(\.$closedAt < reviewCutoff).delete()
            try await DirectoryOperation.query(on: db).filter(\.$finishedAt < cutoff).delete()
            var changes = ["rows": AuditChange(before: nil, after: String(expired))]
            if reviews > 0 { changes["reviews"] = AuditChange(before: nil, after: String(reviews)) }
            if operations > 0 { changes["operations"] = AuditChange(before: nil, after: String(operations)) }
            try await AuditLog.append(
                on: db, actor: .system, action: "application.retention", entityType: CompanyApp.auditEntityType, entityID: nil,
                changes: changes, at: now)
            return expired + reviews + operations
        }
    }
}
