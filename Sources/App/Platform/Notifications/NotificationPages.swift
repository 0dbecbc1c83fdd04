import Domain
import Fluent
import Foundation
import Vapor

/// *Administration → Notifications*: the mail server and reminder settings, the channels, and the outbox with every
/// message's state — a failing channel shows here with its error and its next attempt.
struct NotificationPages: Sendable {
    private func service(_ req: Request) -> NotificationService { NotificationService(app: req.application, actor: req.auditActor) }

    struct Content: Encodable {
        struct Settings: Encodable {
            let smtpHost: String
            let smtpPort: String
            let securities: [Choice]
            let smtpUsername: String
            let passwordSet: Bool
            let verifyCertificate: Bool
            let fromAddress: String
            let fromName: String
            let publicURL: String
            let deadlineLeadDays: String
            let version: Int
        }

        struct Channel: Encodable {
            let href: String
            let testAction: String
            let name: String
            let kind: String
            let destination: String
            let topics: String
            let language: String
            let enabled: Bool
        }

        struct Message: Encodable {
            let created: String
            let channel: String
            let subject: String
            let status: String
            let statusRaw: String
            let attempts: Int
            let nextAttempt: String
            let error: String
            let retryAction: String?
        }

        let settings: Settings
        let channels: [Channel]
        let messages: [Message]
        let counts: [String: Int]
        let errors: [String: String]
        let stale: Bool
    }

    func page(_ req: Request) async throws -> Response { try await render(req) }

    private func render(
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

    func updateSettings(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        let changes = NotificationService.SettingsChanges(
            smtpHost: form["smtpHost"], smtpPort: Int(form["smtpPort"].trimmingCharacters(in: .whitespaces)) ?? -1,
            smtpSecurity: form["smtpSecurity"], smtpUsername: form["smtpUsername"], smtpPassword: form["smtpPassword"],
            clearPassword: !form["clearPassword"].isEmpty, smtpVerifyCertificate: !form["smtpVerifyCertificate"].isEmpty,
            fromAddress: form["fromAddress"], fromName: form["fromName"], publicURL: form["publicURL"],
            deadlineLeadDays: form["deadlineLeadDays"])
        return try await req.submit {
            _ = try await service(req).updateSettings(expectedVersion: form.version ?? -1, changes)
            return req.redirect(to: Paths.adminNotifications.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await render(req, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await render(req, stale: true, status: .preconditionFailed)
        }
    }

    func test(_ req: Request) async throws -> Response {
        return try await req.submit {
            try await service(req).sendTest(try req.requireID())
            return req.redirect(to: Paths.adminNotifications.path + "?done=queued", redirectType: .normal)
        } invalid: { failure in
            return try await render(req, errors: failure, status: .unprocessableEntity)
        }
    }

    func retry(_ req: Request) async throws -> Response {
        do {
            try await service(req).retry(try req.requireID())
        } catch is ValidationFailure {}  // Already back in the queue or sent: the page shows its state.
        return req.redirect(to: Paths.adminNotifications.path + "?done=queued", redirectType: .normal)
    }

    // MARK: Channel form

    struct ChannelFormContent: Encodable {
        let action: String
        let isNew: Bool
        let name: String
        let kinds: [Choice]
        let recipients: String
        let roles: [Choice]
        let urlSet: Bool
        let webhookHost: String
        let formats: [Choice]
        let topics: [Choice]
        let languages: [Choice]
        let enabled: Bool
        let version: Int
        let errors: [String: String]
        let stale: Bool
    }

    private func channelForm(
        _ req: Request, input: NotificationService.ChannelInput, channel: NotificationChannel?, errors: ValidationFailure? = nil,
        stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let content = ChannelFormContent(
            action: channel.map { Paths.adminChannel.path($0.id!) } ?? Paths.adminChannelNew.path, isNew: channel == nil, name: input.name,
            kinds: Choice.list(req, NotificationChannel.Kind.allCases, key: \.labelKey, selected: input.kind),
            recipients: input.recipients,
            roles: [Choice(value: "", label: req.t("channel.no_role"), selected: input.role.isEmpty)]
                + Choice.list(req, Role.allCases, key: \.labelKey, selected: input.role),
            urlSet: channel?.webhookURLSealed != nil, webhookHost: channel?.webhookHost ?? "",
            formats: Choice.list(req, WebhookFormat.allCases, key: \.labelKey, selected: input.webhookFormat),
            topics: NotificationTopic.allCases.map {
                .init(value: $0.rawValue, label: req.t($0.labelKey), selected: input.topics.contains($0.rawValue))
            },
            languages: Choice.list(req, Language.allCases, key: { "language.\($0.rawValue)" }, selected: input.language),
            enabled: input.enabled, version: channel?.version ?? 0, errors: req.fieldMessages(errors), stale: stale)
        return try await req.page("admin/channel-form", titleKey: channel == nil ? "channel.new" : "channel.edit", content, status: status)
    }

    static func input(_ channel: NotificationChannel) -> NotificationService.ChannelInput {
        .init(
            name: channel.name, kind: channel.kindRaw, recipients: channel.recipients, role: channel.roleRaw ?? "", webhookURL: nil,
            webhookFormat: channel.webhookFormatRaw, topics: channel.topics.map(\.rawValue), language: channel.languageRaw,
            enabled: channel.enabled)
    }

    static func input(_ form: FormFields) -> NotificationService.ChannelInput {
        .init(
            name: form["name"], kind: form["kind"], recipients: form["recipients"], role: form["role"], webhookURL: form["webhookURL"],
            webhookFormat: form["webhookFormat"].nilIfEmpty ?? WebhookFormat.generic.rawValue,
            topics: form.fields(prefixed: "topic.").filter { !$0.value.isEmpty }.keys.sorted(), language: form["language"],
            enabled: !form["enabled"].isEmpty)
    }

    func newChannel(_ req: Request) async throws -> Response {
        let language = try await req.application.services.organisation.current(on: req.db).defaultLanguage
        return try await channelForm(
            req,
            input: .init(
                name: "", kind: NotificationChannel.Kind.email.rawValue, topics: [NotificationTopic.deadlines.rawValue],
                language: language),
            channel: nil)
    }

    func createChannel(_ req: Request) async throws -> Response {
        let input = Self.input(try req.content.decode(FormBody.self).form)
        return try await req.submit {
            _ = try await service(req).createChannel(input)
            return req.redirect(to: Paths.adminNotifications.path + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await channelForm(req, input: input, channel: nil, errors: failure, status: .unprocessableEntity)
        }
    }

    func editChannel(_ req: Request) async throws -> Response {
        guard let channel = try await NotificationChannel.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await channelForm(req, input: Self.input(channel), channel: channel)
    }

    func updateChannel(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        let input = Self.input(form)
        guard let channel = try await NotificationChannel.find(id, on: req.db) else { throw AppError.notFound }
        return try await req.submit {
            _ = try await service(req).updateChannel(id, expectedVersion: form.version ?? -1, input)
            return req.redirect(to: Paths.adminNotifications.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await channelForm(req, input: input, channel: channel, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await channelForm(req, input: Self.input(channel), channel: channel, stale: true, status: .preconditionFailed)
        }
    }
}
