import Domain
import Fluent
import Foundation
import SQLKit

/// The one row of delivery settings: the outgoing mail server, Quartermaster's own address for links in messages, and
/// how far ahead deadline reminders go out. The mail password is sealed with the installation's key.
final class NotificationSettings: Model, @unchecked Sendable {
    static let schema = "notification_settings"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "smtp_host") var smtpHost: String
    @Field(key: "smtp_port") var smtpPort: Int
    @Field(key: "smtp_security") var smtpSecurityRaw: String
    @Field(key: "smtp_username") var smtpUsername: String
    @OptionalField(key: "smtp_password_sealed") var smtpPasswordSealed: String?
    @Field(key: "smtp_verify_certificate") var smtpVerifyCertificate: Bool
    @Field(key: "from_address") var fromAddress: String
    @Field(key: "from_name") var fromName: String
    /// Where Quartermaster is reached, e.g. `https://qm.example.ee`; links in messages start with it.
    @Field(key: "public_url") var publicURL: String
    @Field(key: "deadline_lead_days") var deadlineLeadDays: String
    @Field(key: "version") var version: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    static let passwordContext = "notification_settings.smtp_password"

    static func current(on db: any Database) async throws -> NotificationSettings {
        guard let settings = try await NotificationSettings.find(1, on: db) else { throw AppError.notMigrated }
        return settings
    }

    var smtpSecurity: SMTPClient.Security { SMTPClient.Security(rawValue: smtpSecurityRaw) ?? .starttls }
    var leadTimes: ReminderLeadTimes { ReminderLeadTimes(deadlineLeadDays) ?? .standard }
    var mailConfigured: Bool { !smtpHost.isEmpty && !fromAddress.isEmpty }

    /// An absolute link to `path`, or nil while the public address is not set.
    func link(_ path: String) -> String? {
        publicURL.isEmpty ? nil : (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + path
    }

    var auditFields: [String: String] {
        [
            "smtp_host": smtpHost, "smtp_port": String(smtpPort), "smtp_security": smtpSecurityRaw, "smtp_username": smtpUsername,
            "smtp_password": smtpPasswordSealed == nil ? "" : "(set)", "smtp_verify_certificate": String(smtpVerifyCertificate),
            "from_address": fromAddress, "from_name": fromName, "public_url": publicURL, "deadline_lead_days": deadlineLeadDays,
        ]
    }
}

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

/// Why a delivery failed, so the outbox can say it in each reader's language. The detail is what the other side said
/// (an SMTP reply, an HTTP status and host, a network error) and is shown as given.
struct DeliveryProblem: Sendable, Equatable {
    enum Code: String, CaseIterable, Sendable {
        case channelGone = "channel_gone"
        case mailNotConfigured = "mail_not_configured"
        case webhookNoAddress = "webhook_no_address"
        case webhookStatus = "webhook_status"
        case smtpReply = "smtp_reply"
        case smtpTimeout = "smtp_timeout"
        case smtpNoStartTLS = "smtp_no_starttls"
        case smtpNoAuthentication = "smtp_no_auth"
        case smtpClosed = "smtp_closed"
        case smtpConnect = "smtp_connect"
        case other

        var labelKey: String { "outbox.error.\(rawValue)" }
    }

    let code: Code
    var detail: String = ""

    init(_ code: Code, detail: String = "") { (self.code, self.detail) = (code, detail) }

    init(_ failure: SMTPClient.Failure) {
        switch failure.kind {
        case .reply: self.init(.smtpReply, detail: "\(failure.stage): \(failure.detail)")
        case .timeout: self.init(.smtpTimeout, detail: "\(failure.stage), \(failure.detail)")
        case .noStartTLS: self.init(.smtpNoStartTLS)
        case .noAuthentication: self.init(.smtpNoAuthentication)
        case .closed: self.init(.smtpClosed, detail: failure.stage)
        case .connect: self.init(.smtpConnect, detail: failure.detail)
        case .other: self.init(.other, detail: "\(failure.stage): \(failure.detail)")
        }
    }
}

/// A deadline reminder that went out: one row per deadline and lead time, so each goes out once.
final class DeadlineReminder: Model, @unchecked Sendable {
    static let schema = "deadline_reminders"

    @ID(key: .id) var id: UUID?
    /// `kind:subject id:date:lead days`.
    @Field(key: "key") var key: String
    @Field(key: "sent_at") var sentAt: Date

    init() {}
}
