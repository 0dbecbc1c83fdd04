import Domain
import Fluent
import Foundation
import Vapor

/// The channel form: adding and changing a channel, as typed when refused.
extension NotificationPages {
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
        return try await channelForm(req, input: NotificationService.ChannelInput(channel), channel: channel)
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
            return try await channelForm(
                req, input: NotificationService.ChannelInput(channel), channel: channel, stale: true, status: .preconditionFailed)
        }
    }
}
