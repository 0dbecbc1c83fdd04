import Domain
import Fluent
import Foundation

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var roleRaw: String
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "language") var languageRaw: String?
    @Field(key: "disabled") var disabled: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?

    init() {}

    init(email: String, name: String, role: Role, passwordHash: String, language: Language?, now: Date) {
        self.email = email
        self.name = name
        self.roleRaw = role.rawValue
        self.passwordHash = passwordHash
        self.languageRaw = language?.rawValue
        self.disabled = false
        self.version = 1
        self.createdAt = now
        self.updatedAt = now
    }

    var role: Role { Role(rawValue: roleRaw) ?? .employee }
    var language: Language? { languageRaw.flatMap(Language.init(rawValue:)) }

    /// The fields the audit trail compares before and after a change (never the password hash).
    var auditFields: [String: String] {
        ["email": email, "name": name, "role": roleRaw, "language": languageRaw ?? "", "disabled": String(disabled)]
    }
}

final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "client_address") var clientAddress: String?
    @OptionalField(key: "user_agent") var userAgent: String?

    init() {}

    init(tokenHash: String, userID: UUID, csrfToken: String, now: Date, clientAddress: String?, userAgent: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.clientAddress = clientAddress
        self.userAgent = userAgent
    }
}

final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    enum Scope: String, Codable, CaseIterable, Sendable {
        case read
        case readWrite = "read-write"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "label") var label: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "scope") var scopeRaw: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, label: String, tokenHash: String, scope: Scope, now: Date, expiresAt: Date?) {
        self.$user.id = userID
        self.label = label
        self.tokenHash = tokenHash
        self.scopeRaw = scope.rawValue
        self.createdAt = now
        self.expiresAt = expiresAt
    }

    var scope: Scope { Scope(rawValue: scopeRaw) ?? .read }

    func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "client_address") var clientAddress: String
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "succeeded") var succeeded: Bool

    init() {}

    init(email: String, clientAddress: String, occurredAt: Date, succeeded: Bool) {
        self.email = email
        self.clientAddress = clientAddress
        self.occurredAt = occurredAt
        self.succeeded = succeeded
    }
}
