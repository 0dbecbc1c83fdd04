import Domain
import Fluent
import Foundation

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
