import AsyncHTTPClient
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The delivery settings: the mail server, the sender, the public address and the deadline reminders.
extension NotificationService {
    struct SettingsChanges: Sendable {
        var smtpHost: String?
        var smtpPort: Int?
        var smtpSecurity: String?
        var smtpUsername: String?
        /// A new password; nil keeps the stored one.
        var smtpPassword: String?
        var clearPassword = false
        var smtpVerifyCertificate: Bool?
        var fromAddress: String?
        var fromName: String?
        var publicURL: String?
        var deadlineLeadDays: String?
    }

    func updateSettings(expectedVersion: Int, _ changes: SettingsChanges) async throws -> NotificationSettings {
        let box = app.services.secretBox
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.write { db in
            let settings = try await NotificationSettings.current(on: db)
            guard settings.version == expectedVersion else { throw AppError.preconditionFailed }
            let before = settings.auditFields
            let trim = { (value: String) in value.trimmingCharacters(in: .whitespaces) }
            if let host = changes.smtpHost { settings.smtpHost = trim(host) }
            if let port = changes.smtpPort { settings.smtpPort = port }
            if let security = changes.smtpSecurity { settings.smtpSecurityRaw = security }
            if let username = changes.smtpUsername { settings.smtpUsername = trim(username) }
            if changes.clearPassword { settings.smtpPasswordSealed = nil }
            if let password = changes.smtpPassword, !password.isEmpty {
                settings.smtpPasswordSealed = try box.seal(password, boundTo: NotificationSettings.passwordContext)
            }
            if let verify = changes.smtpVerifyCertificate { settings.smtpVerifyCertificate = verify }
            if let address = changes.fromAddress { settings.fromAddress = trim(address) }
            if let name = changes.fromName { settings.fromName = trim(name) }
            if let url = changes.publicURL { settings.publicURL = trim(url) }
            if let days = changes.deadlineLeadDays {
                settings.deadlineLeadDays = ReminderLeadTimes(days)?.description ?? days
            }
            try InputCheck.check(Self.problems(settings))
            var diff = AuditLog.diff(before: before, after: settings.auditFields)
            // A new password is a change even when one was set before; its value never enters the trail.
            if changes.smtpPassword?.isEmpty == false {
                diff["smtp_password"] = AuditChange(before: before["smtp_password"], after: "(changed)")
            }
            guard !diff.isEmpty else { return settings }
            settings.version += 1
            settings.updatedAt = now
            try await settings.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "notification_settings.update", entityType: "notification_settings", entityID: "1",
                changes: diff, at: now)
            return settings
        }
    }

    static func problems(_ settings: NotificationSettings) -> [FieldError] {
        var errors: [FieldError] = []
        if settings.smtpHost.contains(where: \.isWhitespace) || settings.smtpHost.count > 253 {
            errors.append(FieldError(field: "smtpHost", code: .invalid))
        }
        if !(1...65535).contains(settings.smtpPort) { errors.append(FieldError(field: "smtpPort", code: .outOfRange)) }
        if SMTPClient.Security(rawValue: settings.smtpSecurityRaw) == nil {
            errors.append(FieldError(field: "smtpSecurity", code: .invalid))
        }
        if settings.smtpSecurity == .none, !settings.smtpUsername.isEmpty || settings.smtpPasswordSealed != nil {
            // A password sent over a plain connection can be read by anyone on the way.
            errors.append(FieldError(field: "smtpSecurity", code: .credentialsNeedEncryption))
        }
        if !settings.fromAddress.isEmpty, let error = Validate.email(settings.fromAddress, field: "fromAddress") { errors.append(error) }
        if !settings.smtpHost.isEmpty, settings.fromAddress.isEmpty { errors.append(FieldError(field: "fromAddress", code: .required)) }
        if settings.fromName.count > 200 { errors.append(FieldError(field: "fromName", code: .tooLong)) }
        if !settings.publicURL.isEmpty, !Self.isWebAddress(settings.publicURL) {
            errors.append(FieldError(field: "publicURL", code: .urlInvalid))
        }
        if ReminderLeadTimes(settings.deadlineLeadDays) == nil {
            errors.append(FieldError(field: "deadlineLeadDays", code: .leadDaysInvalid))
        }
        return errors
    }

    /// An absolute http or https address with a host.
    static func isWebAddress(_ text: String) -> Bool { Validate.webAddress(text, field: "url") == nil }
}
