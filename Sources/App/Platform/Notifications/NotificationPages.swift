import Domain
import Fluent
import Foundation
import Vapor

/// *Administration → Notifications*: the mail server and reminder settings, the channels, and the outbox with every
/// message's state — a failing channel shows here with its error and its next attempt.
struct NotificationPages: Sendable {
    func service(_ req: Request) -> NotificationService { NotificationService(app: req.application, actor: req.auditActor) }

    func page(_ req: Request) async throws -> Response { try await render(req) }

    func render(
        _ req: Request, form: FormFields? = nil, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let settings = try await NotificationSettings.current(on: req.db)
        let channels = try await NotificationChannel.query(on: req.db).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: channels.map { ($0.id!, $0.name) })
        let messages = try await OutboxMessage.query(on: req.db).sort(\.$createdAt, .descending).limit(50).all()
        var counts: [String: Int] = [:]
        for state in OutboxMessage.Status.allCases {
            counts[state.rawValue] = try await OutboxMessage.query(on: req.db).filter(\.$statusRaw == state.rawValue).count()
        }
        counts["retrying"] = try await OutboxMessage.query(on: req.db).filter(\.$statusRaw == OutboxMessage.Status.pending.rawValue)
            .filter(\.$attempts > 0).count()
        let value = { (name: String, stored: String) in form.map { $0[name] } ?? stored }
        let security = value("smtpSecurity", settings.smtpSecurityRaw)
        let content = Content(
            settings: .init(
                smtpHost: value("smtpHost", settings.smtpHost), smtpPort: value("smtpPort", String(settings.smtpPort)),
                securities: Choice.list(req, SMTPClient.Security.allCases, key: \.labelKey, selected: security),
                smtpUsername: value("smtpUsername", settings.smtpUsername), passwordSet: settings.smtpPasswordSealed != nil,
                verifyCertificate: form.map { !$0["smtpVerifyCertificate"].isEmpty } ?? settings.smtpVerifyCertificate,
                fromAddress: value("fromAddress", settings.fromAddress), fromName: value("fromName", settings.fromName),
                publicURL: value("publicURL", settings.publicURL), deadlineLeadDays: value("deadlineLeadDays", settings.deadlineLeadDays),
                version: settings.version),
            channels: channels.map { channel in
                .init(
                    href: Paths.adminChannel.path(channel.id!), testAction: Paths.adminChannelTest.path(channel.id!), name: channel.name,
                    kind: req.t(channel.kind.labelKey), destination: Self.destination(req, channel),
                    topics: channel.topics.map { req.t($0.labelKey) }.joined(separator: ", "),
                    language: req.t("language.\(channel.languageRaw)"), enabled: channel.enabled)
            },
            messages: messages.map { message in
                .init(
                    created: req.dateTime(message.createdAt), channel: names[message.channelID] ?? "", subject: message.subject,
                    status: req.t(message.status == .pending && message.attempts > 0 ? "outbox.status.retrying" : message.status.labelKey),
                    statusRaw: message.statusRaw, attempts: message.attempts,
                    nextAttempt: message.status == .pending ? req.dateTime(message.nextAttemptAt) : "",
                    error: message.lastProblem(req.services.localizer, req.language) ?? "",
                    retryAction: message.status == .failed ? Paths.adminOutboxRetry.path(message.id!) : nil)
            }, counts: counts, errors: req.fieldMessages(errors), stale: stale)
        return try await req.page("admin/notifications", titleKey: "notification.title", content, status: status)
    }

    /// "kadri@example.ee, role IT manager" or "hooks.slack.com (Slack)".
    static func destination(_ req: Request, _ channel: NotificationChannel) -> String {
        switch channel.kind {
        case .email:
            let role = channel.role.map { req.t("channel.role_members", ["role": req.t($0.labelKey)]) }
            return (channel.addresses + [role].compactMap { $0 }).joined(separator: ", ")
        case .webhook:
            return "\(channel.webhookHost) (\(req.t(channel.webhookFormat.labelKey)))"
        }
    }
}
