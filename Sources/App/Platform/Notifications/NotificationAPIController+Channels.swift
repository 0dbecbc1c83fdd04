import Domain
import Fluent
import Foundation
import Vapor

/// The notification channels, and a test message on one.
extension NotificationAPIController {
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
            id, expectedVersion: version, body.merged(over: NotificationService.ChannelInput(current), present: present))
        return try .json(ChannelDTO(channel), version: channel.version)
    }

    func testChannel(_ req: Request) async throws -> Response {
        try await service(req).sendTest(try req.requireID())
        return Response(status: .accepted)
    }
}
