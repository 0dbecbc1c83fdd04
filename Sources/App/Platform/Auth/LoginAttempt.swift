import Domain
import Fluent
import Foundation

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
