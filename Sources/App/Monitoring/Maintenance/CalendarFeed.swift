import Domain
import Fluent
import Foundation
import SQLKit

/// A person's calendar feed: the secret in its URL, sealed, and its SHA-256 for finding the person.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(custom: "id", generatedBy: .user) var id: UUID?
    @Field(key: "token_sealed") var tokenSealed: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    static func tokenContext(_ userID: UUID) -> String { "calendar.feed:\(userID.uuidString)" }
}
