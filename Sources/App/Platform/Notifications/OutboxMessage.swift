import Domain
import Fluent
import Foundation
import SQLKit

/// One message on its way to one channel: kept until it is sent, retried with backoff while it fails, and shown as
/// failed when the attempts are used up — never dropped. Messages are rendered when queued, in the channel's language.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "notification_outbox"

    enum Status: String, CaseIterable, Codable, Sendable {
        case pending, sent, failed
        var labelKey: String { "outbox.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "channel_id") var channelID: UUID
    @Field(key: "topic") var topicRaw: String
    /// E-mail: the addresses it goes to, resolved when it was queued.
    @Field(key: "recipients") var recipients: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @OptionalField(key: "link") var link: String?
    @Field(key: "status") var statusRaw: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// What went wrong last, as a `DeliveryProblem` code, and its detail (a server's reply, a host) in `lastError`.
    @OptionalField(key: "last_error_code") var lastErrorCode: String?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}

    var status: Status { Status(rawValue: statusRaw) ?? .pending }

    /// The last delivery problem in `language`, with the detail the server or network gave.
    func lastProblem(_ localizer: Localizer, _ language: Language) -> String? {
        guard let code = lastErrorCode.flatMap(DeliveryProblem.Code.init(rawValue:)) else { return lastError }
        return localizer.text(code.labelKey, language, ["detail": lastError ?? ""])
    }
}
