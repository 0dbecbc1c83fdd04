import Domain
import Fluent
import Foundation
import Vapor

/// Creating and changing user accounts; used alike by pages, the API and the command line.
struct AccountService: Sendable {
    let app: Application
    let actor: AuditActor

    struct NewAccount: Sendable {
        var email: String
        var name: String
        var role: Role
        var password: String
        var language: Language?
    }

    func create(_ account: NewAccount) async throws -> User {
        var errors = [Validate.email(account.email), Validate.required(account.name, field: "name")].compactMap { $0 }
        if let error = app.services.passwordPolicy.check(account.password) { errors.append(error) }
        let email = account.email.normalisedEmail
        if errors.isEmpty, try await User.query(on: app.db).filter(\.$email == email).first() != nil {
            errors.append(FieldError(field: "email", code: .emailTaken))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let hash = try await app.services.passwords.hash(account.password)
        let now = app.services.clock.now()
        let user = User(
            email: email, name: account.name.trimmingCharacters(in: .whitespaces), role: account.role, passwordHash: hash,
            language: account.language, now: now)
        let actor = self.actor
        try await app.write { db in
            // Checked again inside the transaction: two requests for one address must not both succeed.
            if try await User.query(on: db).filter(\.$email == email).first() != nil {
                throw ValidationFailure([FieldError(field: "email", code: .emailTaken)])
            }
            try await user.create(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "user.create", entityType: "user", entityID: user.id?.uuidString,
                changes: AuditLog.diff(before: nil, after: user.auditFields), at: now)
        }
        return user
    }

    struct Changes: Sendable {
        var name: String?
        var email: String?
        var role: Role?
        var language: Language??
        var disabled: Bool?
        var preferences: UserPreferences?
        /// One list's chosen columns, kept beside the other lists' choices; no columns: back to the list's standard ones.
        var listColumns: (list: String, columns: [String])?
    }

    /// Applies changes when the account is still at `expectedVersion`; a stale version is refused, never overwritten.
    func update(_ id: UUID, expectedVersion: Int?, _ changes: Changes) async throws -> User {
        var errors: [FieldError] = []
        if let name = changes.name, let error = Validate.required(name, field: "name") { errors.append(error) }
        if let email = changes.email, let error = Validate.email(email) { errors.append(error) }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return try await app.updateAudited(User.self, id: id, expectedVersion: expectedVersion, actor: actor) { user, db in
            if let name = changes.name { user.name = name.trimmingCharacters(in: .whitespaces) }
            if let email = changes.email?.normalisedEmail, email != user.email {
                if try await User.query(on: db).filter(\.$email == email).first() != nil {
                    throw ValidationFailure([FieldError(field: "email", code: .emailTaken)])
                }
                user.email = email
            }
            if let role = changes.role { user.roleRaw = role.rawValue }
            if let language = changes.language { user.languageRaw = language?.rawValue }
            if let disabled = changes.disabled { user.disabled = disabled }
            if let preferences = changes.preferences { user.preferences = preferences }
            if let (list, columns) = changes.listColumns {
                var choices = ListColumns.Choices(stored: user.listColumns)
                choices[list] = columns.isEmpty ? nil : columns
                user.listColumns = choices.stored
            }
            // A disabled account is signed out everywhere at once.
            if user.disabled { try await UserSession.query(on: db).filter(\.$user.$id == id).delete() }
        }
    }

    /// Sets a new password (checked against the policy) and signs the account out everywhere else.
    func setPassword(_ id: UUID, _ password: String, keepSession: UUID? = nil) async throws {
        if let error = app.services.passwordPolicy.check(password) { throw ValidationFailure([error]) }
        let hash = try await app.services.passwords.hash(password)
        let now = app.services.clock.now()
        let actor = self.actor
        try await app.write { db in
            guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
            user.passwordHash = hash
            user.version += 1
            user.updatedAt = now
            try await user.update(on: db)
            var others = UserSession.query(on: db).filter(\.$user.$id == id)
            if let keepSession { others = others.filter(\.$id != keepSession) }
            try await others.delete()
            try await AuditLog.append(
                on: db, actor: actor, action: "user.password_change", entityType: "user", entityID: id.uuidString,
                changes: ["password": AuditChange(before: "***", after: "***")], at: now)
        }
    }
}
