import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The `applications.retain` job: a grant taken away is kept as the record of who had access when (what an access
/// review or an auditor asks for) for `months` after it was taken away, then deleted, with one audit entry saying how
/// many. Current grants are never deleted by it.
enum AccessRetention {
    static let job = "applications.retain"
    static let months = 24

    @discardableResult
    static func run(app: Application, now: Date) async throws -> Int {
        let cutoff = Calendar(identifier: .gregorian).date(byAdding: .month, value: -months, to: now) ?? now
        return try await app.write { db in
            let expired = try await AccessGrant.query(on: db).filter(\.$revokedAt < cutoff).count()
            guard expired > 0 else { return 0 }
            try await AccessGrant.query(on: db).filter(\.$revokedAt < cutoff).delete()
            try await AuditLog.append(
                on: db, actor: .system, action: "application.retention", entityType: CompanyApp.auditEntityType, entityID: nil,
                changes: ["rows": AuditChange(before: nil, after: String(expired))], at: now)
            return expired
        }
    }
}
