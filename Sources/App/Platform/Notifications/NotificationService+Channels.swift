import AsyncHTTPClient
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The channels: e-mail recipients or a webhook, each with its topics and language.
extension NotificationService {
    struct ChannelInput: Sendable {
        var name: String
        var kind: String
        var recipients: String = ""
        var role: String = ""
        /// A new webhook address; nil or empty keeps the stored one.
        var webhookURL: String?
        var webhookFormat: String = WebhookFormat.generic.rawValue
        var topics: [String] = []
        var language: String = Language.en.rawValue
        var enabled = true

        func validate(hasStoredURL: Bool) -> [FieldError] {
            var errors = [Validate.required(name, field: "name")].compactMap { $0 }
            guard let kind = NotificationChannel.Kind(rawValue: kind) else { return errors + [FieldError(field: "kind", code: .invalid)] }
            if topics.isEmpty || topics.contains(where: { NotificationTopic(rawValue: $0) == nil }) {
                errors.append(FieldError(field: "topics", code: topics.isEmpty ? .required : .invalid))
            }
            if Language(rawValue: language) == nil { errors.append(FieldError(field: "language", code: .languageUnknown)) }
            switch kind {
            case .email:
                let addresses = MailMessage.addresses(recipients)
                if let bad = addresses.lazy.compactMap({ Validate.email($0, field: "recipients") }).first { errors.append(bad) }
                if !role.isEmpty, Role(rawValue: role) == nil { errors.append(FieldError(field: "role", code: .roleUnknown)) }
                if addresses.isEmpty, role.isEmpty { errors.append(FieldError(field: "recipients", code: .required)) }
            case .webhook:
                let url = (webhookURL ?? "").trimmingCharacters(in: .whitespaces)
                if url.isEmpty, !hasStoredURL { errors.append(FieldError(field: "webhookURL", code: .required)) }
                if !url.isEmpty, !NotificationService.isWebAddress(url) {
                    errors.append(FieldError(field: "webhookURL", code: .urlInvalid))
                }
                if WebhookFormat(rawValue: webhookFormat) == nil { errors.append(FieldError(field: "webhookFormat", code: .invalid)) }
            }
            return errors
        }

        func apply(to channel: NotificationChannel, box: SecretBox) throws {
            channel.name = name.trimmingCharacters(in: .whitespaces)
            channel.kindRaw = kind
            channel.languageRaw = language
            channel.enabled = enabled
            channel.topicsText = NotificationTopic.allCases.filter { topics.contains($0.rawValue) }.map(\.rawValue).joined(separator: ",")
            if channel.kind == .email {
                channel.recipients = MailMessage.addresses(recipients).joined(separator: "\n")
                channel.roleRaw = role.isEmpty ? nil : role
                (channel.webhookURLSealed, channel.webhookHost, channel.webhookFormatRaw) = (nil, "", WebhookFormat.generic.rawValue)
            } else {
                (channel.recipients, channel.roleRaw, channel.webhookFormatRaw) = ("", nil, webhookFormat)
                let url = (webhookURL ?? "").trimmingCharacters(in: .whitespaces)
                if !url.isEmpty {
                    if channel.id == nil { channel.id = UUID() }
                    channel.webhookURLSealed = try box.seal(url, boundTo: NotificationChannel.urlContext(channel.id!))
                    channel.webhookHost = URL(string: url)?.host ?? ""
                }
            }
        }
    }

    func createChannel(_ input: ChannelInput) async throws -> NotificationChannel {
        try InputCheck.check(input.validate(hasStoredURL: false))
        let channel = NotificationChannel()
        channel.id = UUID()
        try input.apply(to: channel, box: app.services.secretBox)
        channel.createdAt = app.services.clock.now()
        return try await app.createAudited(channel, actor: actor) { db in
            try await InputCheck.unique(NotificationChannel.query(on: db).filter(\.$name == channel.name), field: "name")
        }
    }

    func updateChannel(_ id: UUID, expectedVersion: Int?, _ input: ChannelInput) async throws -> NotificationChannel {
        let box = app.services.secretBox
        return try await app.updateAudited(NotificationChannel.self, id: id, expectedVersion: expectedVersion, actor: actor) {
            channel, db in
            try InputCheck.check(input.validate(hasStoredURL: channel.webhookURLSealed != nil))
            try input.apply(to: channel, box: box)
            try await InputCheck.unique(
                NotificationChannel.query(on: db).filter(\.$name == channel.name).filter(\.$id != id), field: "name")
        }
    }
}
