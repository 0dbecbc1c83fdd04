import Domain
import Fluent
import Foundation

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
