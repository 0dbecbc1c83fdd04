import Domain
import Fluent
import Foundation
import Vapor

/// The notification settings, channels and outbox in the JSON API. Secrets go in and never come out: the mail password
/// shows as `passwordSet`, a webhook as its host.
struct NotificationAPIController: Sendable {
    private func service(_ req: Request) -> NotificationService { NotificationService(app: req.application, actor: req.auditActor) }

    struct SettingsDTO: Content {
        let smtpHost: String
        let smtpPort: Int
        let smtpSecurity: String
        let smtpUsername: String
        let passwordSet: Bool
        let smtpVerifyCertificate: Bool
        let fromAddress: String
        let fromName: String
        let publicURL: String
        let deadlineLeadDays: [Int]
        let version: Int

        init(_ settings: NotificationSettings) {
            (smtpHost, smtpPort, smtpSecurity) = (settings.smtpHost, settings.smtpPort, settings.smtpSecurityRaw)
            (smtpUsername, passwordSet, smtpVerifyCertificate) =
                (settings.smtpUsername, settings.smtpPasswordSealed != nil, settings.smtpVerifyCertificate)
            (fromAddress, fromName, publicURL) = (settings.fromAddress, settings.fromName, settings.publicURL)
            (deadlineLeadDays, version) = (settings.leadTimes.days, settings.version)
        }
    }

    struct SettingsBody: APIRequestBody {
        let smtpHost: String?
        let smtpPort: Int?
        let smtpSecurity: String?
        let smtpUsername: String?
        let smtpPassword: String?
        let clearPassword: Bool?
        let smtpVerifyCertificate: Bool?
        let fromAddress: String?
        let fromName: String?
        let publicURL: String?
        let deadlineLeadDays: [Int]?

        static let fieldNames: Set<String> = [
            "smtpHost", "smtpPort", "smtpSecurity", "smtpUsername", "smtpPassword", "clearPassword", "smtpVerifyCertificate",
            "fromAddress", "fromName", "publicURL", "deadlineLeadDays",
        ]
        func validate() -> [FieldError] { [] }  // NotificationService.problems, after applying.
    }

    func getSettings(_ req: Request) async throws -> Response {
        let settings = try await NotificationSettings.current(on: req.db)
        return try .json(SettingsDTO(settings), version: settings.version)
    }

    func updateSettings(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(SettingsBody.self)
        let settings = try await service(req).updateSettings(
            expectedVersion: version,
            .init(
                smtpHost: body.smtpHost, smtpPort: body.smtpPort, smtpSecurity: body.smtpSecurity, smtpUsername: body.smtpUsername,
                smtpPassword: body.smtpPassword, clearPassword: body.clearPassword ?? false,
                smtpVerifyCertificate: body.smtpVerifyCertificate, fromAddress: body.fromAddress, fromName: body.fromName,
                publicURL: body.publicURL, deadlineLeadDays: body.deadlineLeadDays.map { $0.map(String.init).joined(separator: ",") }))
        return try .json(SettingsDTO(settings), version: settings.version)
    }

    struct ChannelDTO: Content {
        let id: UUID
        let name: String
        let kind: String
        let recipients: [String]
        let role: String?
        let webhookHost: String?
        let webhookFormat: String?
        let topics: [String]
        let language: String
        let enabled: Bool
        let version: Int

        init(_ channel: NotificationChannel) {
            (id, name, kind, language, enabled, version) =
                (channel.id!, channel.name, channel.kindRaw, channel.languageRaw, channel.enabled, channel.version)
            (recipients, role, topics) = (channel.addresses, channel.roleRaw, channel.topics.map(\.rawValue))
            let isHook = channel.kind == .webhook
            (webhookHost, webhookFormat) = (isHook ? channel.webhookHost : nil, isHook ? channel.webhookFormatRaw : nil)
        }
    }

    struct ChannelBody: APIRequestBody {
        let name: String?
        let kind: String?
        let recipients: [String]?
        let role: String?
        let webhookURL: String?
        let webhookFormat: String?
        let topics: [String]?
        let language: String?
        let enabled: Bool?

        static let fieldNames: Set<String> = [
            "name", "kind", "recipients", "role", "webhookURL", "webhookFormat", "topics", "language", "enabled",
        ]
        func validate() -> [FieldError] { [] }  // NotificationService.ChannelInput.validate, after merging.

        func merged(over base: NotificationService.ChannelInput?, present: Set<String>) -> NotificationService.ChannelInput {
            var input = base ?? .init(name: "", kind: "")
            if present.contains("name") { input.name = name ?? "" }
            if present.contains("kind") { input.kind = kind ?? "" }
            if present.contains("recipients") { input.recipients = (recipients ?? []).joined(separator: "\n") }
            if present.contains("role") { input.role = role ?? "" }
            if present.contains("webhookURL") { input.webhookURL = webhookURL }
            if present.contains("webhookFormat") { input.webhookFormat = webhookFormat ?? WebhookFormat.generic.rawValue }
            if present.contains("topics") { input.topics = topics ?? [] }
            if present.contains("language") { input.language = language ?? "" }
            if present.contains("enabled") { input.enabled = enabled ?? true }
            return input
        }
    }

    func listChannels(_ req: Request) async throws -> Response {
        try .json(try await NotificationChannel.query(on: req.db).sort(\.$name).all().map(ChannelDTO.init))
    }

    func getChannel(_ req: Request) async throws -> Response {
        guard let channel = try await NotificationChannel.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(ChannelDTO(channel), version: channel.version)
    }

    func createChannel(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(ChannelBody.self)
        var base = NotificationService.ChannelInput(name: "", kind: "")
        base.language = try await req.application.services.organisation.current(on: req.db).defaultLanguage
        let channel = try await service(req).createChannel(body.merged(over: base, present: present))
        return try .json(ChannelDTO(channel), status: .created, version: channel.version)
    }

    func updateChannel(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(ChannelBody.self)
        guard let current = try await NotificationChannel.find(id, on: req.db) else { throw AppError.notFound }
        let channel = try await service(req).updateChannel(
            id, expectedVersion: version, body.merged(over: NotificationPages.input(current), present: present))
        return try .json(ChannelDTO(channel), version: channel.version)
    }

    func testChannel(_ req: Request) async throws -> Response {
        try await service(req).sendTest(try req.requireID())
        return Response(status: .accepted)
    }

    struct MessageDTO: Content {
        let id: UUID
        let channelId: UUID
        let topic: String
        let recipients: [String]
        let subject: String
        let status: String
        let attempts: Int
        let nextAttemptAt: Date?
        /// Why the last attempt failed, in the caller's language, with what the server said.
        let lastError: String?
        /// The same as a stable code (`DeliveryProblem.Code`).
        let lastErrorCode: String?
        let createdAt: Date
        let sentAt: Date?

        init(_ message: OutboxMessage, _ req: Request) {
            (id, channelId, topic, subject, status) = (message.id!, message.channelID, message.topicRaw, message.subject, message.statusRaw)
            (recipients, attempts) = (MailMessage.addresses(message.recipients), message.attempts)
            (lastError, lastErrorCode) = (message.lastProblem(req.services.localizer, req.language), message.lastErrorCode)
            (nextAttemptAt, createdAt, sentAt) =
                (message.status == .pending ? message.nextAttemptAt : nil, message.createdAt, message.sentAt)
        }
    }

    struct MessagePage: Content {
        let items: [MessageDTO]
        let total: Int
        let limit: Int
        let offset: Int
    }

    /// The outbox, newest first; `status` filters by pending, sent or failed.
    func listMessages(_ req: Request) async throws -> Response {
        struct Filters: Decodable {
            var limit: Int?
            var offset: Int?
            var status: String?
        }
        let filters = try req.filters(Filters.self)
        let (limit, offset) = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: [], defaultSort: "created"
        ).map { ($0.limit, $0.offset) }.get()
        var query = OutboxMessage.query(on: req.db)
        if let status = filters.status {
            guard OutboxMessage.Status(rawValue: status) != nil else {
                throw ValidationFailure([FieldError(field: "status", code: .invalid)])
            }
            query = query.filter(\.$statusRaw == status)
        }
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt, .descending).range(offset..<(offset + limit)).all()
        return try .json(MessagePage(items: rows.map { MessageDTO($0, req) }, total: total, limit: limit, offset: offset))
    }

    func retry(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        try await service(req).retry(id)
        guard let message = try await OutboxMessage.find(id, on: req.db) else { throw AppError.notFound }
        return try .json(MessageDTO(message, req))
    }

    static let docs = (
        getSettings: APIDoc(
            summary: "The mail server, Quartermaster's public address for links, and the deadline reminders' lead times.",
            response: .ref("NotificationSettings")),
        updateSettings: APIDoc(
            summary:
                "Change the delivery settings (If-Match: the version). `smtpPassword` sets the password (sealed, never returned); `clearPassword` removes it. Credentials need STARTTLS or TLS.",
            requestBody: .ref("NotificationSettingsBody"), response: .ref("NotificationSettings"), conditional: true),
        listChannels: APIDoc(summary: "Every notification channel.", response: .array(.ref("NotificationChannel"))),
        createChannel: APIDoc(
            summary:
                "Add a channel: e-mail to addresses and/or every active user with a role, or a webhook (generic JSON, Slack, Teams or Mattermost) for the topics it subscribes to.",
            requestBody: .ref("NotificationChannelBody"), response: .ref("NotificationChannel"), successStatus: 201),
        getChannel: APIDoc(summary: "One channel.", response: .ref("NotificationChannel")),
        updateChannel: APIDoc(
            summary: "Change a channel (If-Match: the version); fields left out keep their values, a webhook keeps its address.",
            requestBody: .ref("NotificationChannelBody"), response: .ref("NotificationChannel"), conditional: true),
        testChannel: APIDoc(summary: "Queue a test message on the channel; the outbox shows whether it went.", successStatus: 202),
        listMessages: APIDoc(
            summary: "The outbox, newest first: every queued message with its state, attempts, next attempt and last error.",
            query: [
                .init(
                    name: "status", schema: .string(enumeration: OutboxMessage.Status.allCases.map(\.rawValue)),
                    description: "Only messages in this state."),
                .init(name: "limit", schema: .integer(minimum: 1, maximum: 500), description: "At most this many (default 50)."),
                .init(name: "offset", schema: .integer(minimum: 0), description: "Skip this many (default 0)."),
            ], response: .ref("NotificationPage")),
        retry: APIDoc(summary: "Put a failed message back in the queue, its attempts counted afresh.", response: .ref("Notification"))
    )

    static let schemas: [String: JSONSchema] = [
        "NotificationSettings": .object(
            properties: [
                "smtpHost": .string(), "smtpPort": .integer(minimum: 1),
                "smtpSecurity": .string(enumeration: SMTPClient.Security.allCases.map(\.rawValue)), "smtpUsername": .string(),
                "passwordSet": .boolean, "smtpVerifyCertificate": .boolean, "fromAddress": .string(), "fromName": .string(),
                "publicURL": .string(), "deadlineLeadDays": .array(.integer(minimum: 0)), "version": .integer(minimum: 1),
            ],
            required: [
                "smtpHost", "smtpPort", "smtpSecurity", "smtpUsername", "passwordSet", "smtpVerifyCertificate", "fromAddress", "fromName",
                "publicURL", "deadlineLeadDays", "version",
            ]),
        "NotificationSettingsBody": .object(
            properties: [
                "smtpHost": .string(), "smtpPort": .integer(minimum: 1),
                "smtpSecurity": .string(enumeration: SMTPClient.Security.allCases.map(\.rawValue)), "smtpUsername": .string(),
                "smtpPassword": .string(), "clearPassword": .boolean, "smtpVerifyCertificate": .boolean, "fromAddress": .string(),
                "fromName": .string(), "publicURL": .string(), "deadlineLeadDays": .array(.integer(minimum: 0)),
            ], required: []),
        "NotificationChannel": .object(
            properties: [
                "id": .string(format: "uuid"), "name": .string(),
                "kind": .string(enumeration: NotificationChannel.Kind.allCases.map(\.rawValue)), "recipients": .array(.string()),
                "role": .nullable(.string(enumeration: Role.allCases.map(\.rawValue))), "webhookHost": .nullable(.string()),
                "webhookFormat": .nullable(.string(enumeration: WebhookFormat.allCases.map(\.rawValue))),
                "topics": .array(.string(enumeration: NotificationTopic.allCases.map(\.rawValue))),
                "language": .string(enumeration: Language.allCases.map(\.rawValue)), "enabled": .boolean, "version": .integer(minimum: 1),
            ], required: ["id", "name", "kind", "recipients", "topics", "language", "enabled", "version"]),
        "NotificationChannelBody": .object(
            properties: [
                "name": .string(), "kind": .string(enumeration: NotificationChannel.Kind.allCases.map(\.rawValue)),
                "recipients": .array(.string()), "role": .nullable(.string(enumeration: Role.allCases.map(\.rawValue))),
                "webhookURL": .string(), "webhookFormat": .string(enumeration: WebhookFormat.allCases.map(\.rawValue)),
                "topics": .array(.string(enumeration: NotificationTopic.allCases.map(\.rawValue))),
                "language": .string(enumeration: Language.allCases.map(\.rawValue)), "enabled": .boolean,
            ], required: []),
        "Notification": .object(
            properties: [
                "id": .string(format: "uuid"), "channelId": .string(format: "uuid"), "topic": .string(), "recipients": .array(.string()),
                "subject": .string(), "status": .string(enumeration: OutboxMessage.Status.allCases.map(\.rawValue)),
                "attempts": .integer(minimum: 0), "nextAttemptAt": .nullable(.string(format: "date-time")),
                "lastError": .nullable(.string()),
                "lastErrorCode": .nullable(.string(enumeration: DeliveryProblem.Code.allCases.map(\.rawValue))),
                "createdAt": .string(format: "date-time"),
                "sentAt": .nullable(.string(format: "date-time")),
            ], required: ["id", "channelId", "topic", "recipients", "subject", "status", "attempts", "createdAt"]),
        "NotificationPage": .object(
            properties: [
                "items": .array(.ref("Notification")), "total": .integer(minimum: 0), "limit": .integer(minimum: 1),
                "offset": .integer(minimum: 0),
            ], required: ["items", "total", "limit", "offset"]),
    ]
}
