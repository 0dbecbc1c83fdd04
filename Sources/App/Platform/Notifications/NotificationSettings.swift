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
