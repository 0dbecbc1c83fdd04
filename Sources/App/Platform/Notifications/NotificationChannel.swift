import Domain
import Fluent
import Foundation
import SQLKit

/// Where notifications go: e-mail to fixed addresses and/or everyone holding a role, or a webhook. A channel takes the
/// topics it subscribes to, in its own language. A webhook's address is sealed (Slack's and Teams' carry their secret
/// in the URL); only its host is shown.
final class NotificationChannel: Model, @unchecked Sendable {
    static let schema = "notification_channels"

    enum Kind: String, CaseIterable, Codable, Sendable {
        case email, webhook
        var labelKey: String { "channel.kind.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kindRaw: String
    /// E-mail: addresses, one per line.
    @Field(key: "recipients") var recipients: String
    /// E-mail: every active user with this role, too.
    @OptionalField(key: "role") var roleRaw: String?
    @OptionalField(key: "webhook_url_sealed") var webhookURLSealed: String?
    @Field(key: "webhook_host") var webhookHost: String
    @Field(key: "webhook_format") var webhookFormatRaw: String
    /// Subscribed topics, comma-separated.
    @Field(key: "topics") var topicsText: String
    @Field(key: "language") var languageRaw: String
    @Field(key: "enabled") var enabled: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var kind: Kind { Kind(rawValue: kindRaw) ?? .email }
    var role: Role? { roleRaw.flatMap(Role.init(rawValue:)) }
    var webhookFormat: WebhookFormat { WebhookFormat(rawValue: webhookFormatRaw) ?? .generic }
    var language: Language { Language(rawValue: languageRaw) ?? .en }
    var topics: [NotificationTopic] { topicsText.split(separator: ",").compactMap { NotificationTopic(rawValue: String($0)) } }
    var addresses: [String] { MailMessage.addresses(recipients) }

    static func urlContext(_ id: UUID) -> String { "notification_channel:\(id.uuidString)" }

    var auditFields: [String: String] {
        [
            "name": name, "kind": kindRaw, "recipients": recipients, "role": roleRaw ?? "", "webhook_host": webhookHost,
            "webhook_format": webhookFormatRaw, "topics": topicsText, "language": languageRaw, "enabled": String(enabled),
        ]
    }
}

extension NotificationChannel: VersionedRecord {
    static let auditEntityType = "notification_channel"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.adminChannel.path(id) }
}
