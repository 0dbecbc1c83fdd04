import Domain
import Fluent
import Foundation
import Vapor

/// API tokens: shown once at creation, stored only as a hash.
struct TokenService: Sendable {
    let app: Application
    let actor: AuditActor

    /// The plain token is returned here and never again.
    func create(userID: UUID, label: String, scope: APIToken.Scope, expiresInDays: Int?) async throws -> (APIToken, String) {
        var errors: [FieldError] = []
        if let error = Validate.required(label, field: "label", maxLength: 100) { errors.append(error) }
        if let days = expiresInDays, !(1...3650).contains(days) { errors.append(FieldError(field: "expiresInDays", code: .outOfRange)) }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let now = app.services.clock.now()
        let plain = Secrets.randomToken(prefix: "qm_")
        let token = APIToken(
            userID: userID, label: label.trimmingCharacters(in: .whitespaces), tokenHash: Secrets.hash(plain), scope: scope, now: now,
            expiresAt: expiresInDays.map { now.addingTimeInterval(TimeInterval($0) * 86400) })
        let actor = self.actor
        try await app.write { db in
            guard try await User.find(userID, on: db) != nil else { throw AppError.notFound }
            try await token.create(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "token.create", entityType: "api_token", entityID: token.id?.uuidString,
                changes: [
                    "label": AuditChange(before: nil, after: token.label), "scope": AuditChange(before: nil, after: scope.rawValue),
                    "user": AuditChange(before: nil, after: userID.uuidString),
                ], at: now)
        }
        return (token, plain)
    }

    /// Revokes a token; `ownerID` limits it to the caller's own tokens (nil: any, for administrators and the CLI).
    func revoke(_ id: UUID, ownerID: UUID?) async throws {
        let now = app.services.clock.now()
        let actor = self.actor
        try await app.write { db in
            guard let token = try await APIToken.find(id, on: db), ownerID == nil || token.$user.id == ownerID else {
                throw AppError.notFound
            }
            guard token.revokedAt == nil else { return }
            token.revokedAt = now
            try await token.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "token.revoke", entityType: "api_token", entityID: id.uuidString,
                changes: ["revoked": AuditChange(before: "false", after: "true")], at: now)
        }
    }
}
