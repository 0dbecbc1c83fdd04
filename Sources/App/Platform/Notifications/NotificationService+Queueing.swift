import AsyncHTTPClient
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Queueing messages for the channels of a topic, a test message, and retrying a failed one.
extension NotificationService {
    /// What one channel is sent, rendered in its language.
    struct Message: Sendable {
        let subject: String
        let body: String
        let link: String?
    }

    /// Queues a message for every enabled channel subscribed to `topic`, inside the caller's transaction; returns how
    /// many were queued. An e-mail channel whose recipients all left (no address, nobody in the role) is skipped.
    @discardableResult
    static func enqueue(
        topic: NotificationTopic, on db: any Database, now: Date, render: (Language) -> Message
    ) async throws -> Int {
        let channels = try await NotificationChannel.query(on: db).filter(\.$enabled == true).all().filter { $0.topics.contains(topic) }
        return try await enqueue(topic: topic.rawValue, to: channels, on: db, now: now, render: render)
    }

    static func enqueue(
        topic: String, to channels: [NotificationChannel], on db: any Database, now: Date, render: (Language) -> Message
    ) async throws -> Int {
        var queued = 0
        for channel in channels {
            var recipients: [String] = []
            if channel.kind == .email {
                recipients = channel.addresses
                if let role = channel.roleRaw {
                    recipients += try await User.query(on: db).filter(\.$roleRaw == role).filter(\.$disabled == false).all().map(\.email)
                }
                recipients = Array(Set(recipients.map { $0.lowercased() })).sorted()
                if recipients.isEmpty { continue }
            }
            let message = render(channel.language)
            let row = OutboxMessage()
            row.id = UUID()
            (row.channelID, row.topicRaw, row.recipients) = (channel.id!, topic, recipients.joined(separator: "\n"))
            (row.subject, row.body, row.link) = (message.subject, message.body, message.link)
            (row.statusRaw, row.attempts, row.nextAttemptAt, row.createdAt) = (OutboxMessage.Status.pending.rawValue, 0, now, now)
            try await row.create(on: db)
            queued += 1
        }
        return queued
    }

    /// Queues a test message on one channel, so its set-up can be checked from the page.
    func sendTest(_ channelID: UUID) async throws {
        let now = app.services.clock.now()
        let localizer = app.services.localizer
        let actor = self.actor
        try await app.write { db in
            guard let channel = try await NotificationChannel.find(channelID, on: db) else { throw AppError.notFound }
            let settings = try await NotificationSettings.current(on: db)
            let queued = try await Self.enqueue(topic: "test", to: [channel], on: db, now: now) { language in
                Message(
                    subject: localizer.text("notification.test.subject", language),
                    body: localizer.text("notification.test.body", language, ["channel": channel.name]),
                    link: settings.link(Paths.adminNotifications.path))
            }
            guard queued > 0 else { throw ValidationFailure([FieldError(field: "recipients", code: .required)]) }
            try await AuditLog.append(
                on: db, actor: actor, action: "notification_channel.test", entityType: NotificationChannel.auditEntityType,
                entityID: channelID.uuidString, at: now)
        }
    }

    /// Puts a failed message back in the queue, with its attempts counted afresh.
    func retry(_ messageID: UUID) async throws {
        let now = app.services.clock.now()
        let actor = self.actor
        try await app.write { db in
            guard let message = try await OutboxMessage.find(messageID, on: db) else { throw AppError.notFound }
            guard message.status == .failed else { throw ValidationFailure([FieldError(field: "status", code: .unchanged)]) }
            (message.statusRaw, message.attempts, message.nextAttemptAt) = (OutboxMessage.Status.pending.rawValue, 0, now)
            try await message.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "notification.retry", entityType: "notification", entityID: messageID.uuidString,
                changes: ["status": AuditChange(before: "failed", after: "pending")], at: now)
        }
    }
}
