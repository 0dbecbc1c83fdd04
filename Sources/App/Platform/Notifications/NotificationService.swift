import AsyncHTTPClient
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Notifications: the delivery settings, the channels, queueing a message for every channel subscribed to its topic,
/// and delivering the queue. Queueing happens inside the caller's transaction, so a message is queued exactly when
/// what it reports is recorded; delivery happens later, in the `notifications.deliver` job.
struct NotificationService: Sendable {
    let app: Application
    let actor: AuditActor

    static let deliverJob = "notifications.deliver"

    // MARK: Settings

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

    // MARK: Channels

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

    // MARK: Queueing

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

    // MARK: Delivery

    /// What one delivery run did.
    struct DeliveryReport: Sendable, Equatable {
        var sent = 0
        var retrying = 0
        var failed = 0
    }

    /// Sends every due message, four at a time. Each is claimed first (its next attempt moved a lease ahead, only if
    /// nobody moved it meanwhile), so two instances never send the same message.
    func deliverDue(retry: DeliveryRetry = .standard, limit: Int = 200) async throws -> DeliveryReport {
        let now = app.services.clock.now()
        let due = try await OutboxMessage.query(on: app.db).filter(\.$statusRaw == OutboxMessage.Status.pending.rawValue)
            .filter(\.$nextAttemptAt <= now).sort(\.$nextAttemptAt).limit(limit).all()
        guard !due.isEmpty else { return DeliveryReport() }
        let settings = try await NotificationSettings.current(on: app.db)
        let channels = Dictionary(
            uniqueKeysWithValues: try await NotificationChannel.query(on: app.db).filter(\.$id ~~ Set(due.map(\.channelID))).all().map {
                ($0.id!, $0)
            })
        var claimed: [OutboxMessage] = []
        for message in due where try await claim(message, until: now.addingTimeInterval(300)) { claimed.append(message) }
        let outcomes = await withTaskGroup(of: (OutboxMessage, DeliveryProblem?).self) { group in
            var outcomes: [(OutboxMessage, DeliveryProblem?)] = []
            var iterator = claimed.makeIterator()
            func start(_ message: OutboxMessage) {
                let channel = channels[message.channelID]
                group.addTask { (message, await self.send(message, channel: channel, settings: settings)) }
            }
            for _ in 0..<4 { if let next = iterator.next() { start(next) } }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                if let next = iterator.next() { start(next) }
            }
            return outcomes
        }
        var report = DeliveryReport()
        let finished = app.services.clock.now()
        try await app.write(appendsToAuditTrail: false) { db in
            for (message, error) in outcomes {
                if let error {
                    message.attempts += 1
                    (message.lastErrorCode, message.lastError) = (error.code.rawValue, String(error.detail.prefix(1000)))
                    if let next = retry.nextAttempt(afterFailures: message.attempts, at: finished) {
                        message.nextAttemptAt = next
                    } else {
                        message.statusRaw = OutboxMessage.Status.failed.rawValue
                    }
                } else {
                    (message.statusRaw, message.sentAt) = (OutboxMessage.Status.sent.rawValue, finished)
                    (message.lastErrorCode, message.lastError) = (nil, nil)
                    message.attempts += 1
                }
                try await message.update(on: db)
            }
        }
        for (message, error) in outcomes {
            if error == nil {
                report.sent += 1
            } else if message.status == .failed {
                report.failed += 1
                app.logger.warning("notification \(message.id!) failed for good after \(message.attempts) attempts")
            } else {
                report.retrying += 1
            }
        }
        return report
    }

    private func claim(_ message: OutboxMessage, until lease: Date) async throws -> Bool {
        guard let sql = app.db as? any SQLDatabase else { return true }
        let rows = try await sql.update(OutboxMessage.schema).set("next_attempt_at", to: SQLBind(lease))
            .where("id", .equal, SQLBind(message.id!)).where("next_attempt_at", .equal, SQLBind(message.nextAttemptAt))
            .where("status", .equal, SQLBind(OutboxMessage.Status.pending.rawValue))
            .returning("id").all()
        return !rows.isEmpty
    }

    /// Sends one message; nil when it went, otherwise what went wrong.
    private func send(_ message: OutboxMessage, channel: NotificationChannel?, settings: NotificationSettings) async -> DeliveryProblem? {
        guard let channel else { return DeliveryProblem(.channelGone) }
        do {
            switch channel.kind {
            case .email:
                guard settings.mailConfigured else { return DeliveryProblem(.mailNotConfigured) }
                let password = try settings.smtpPasswordSealed.map {
                    try app.services.secretBox.open($0, boundTo: NotificationSettings.passwordContext)
                }
                let server = SMTPClient.Server(
                    host: settings.smtpHost, port: settings.smtpPort, security: settings.smtpSecurity, username: settings.smtpUsername,
                    password: password ?? "", verifyCertificate: settings.smtpVerifyCertificate)
                let body = message.link.map { message.body + "\n\n" + $0 } ?? message.body
                let mail = MailMessage(
                    fromAddress: settings.fromAddress, fromName: settings.fromName, to: MailMessage.addresses(message.recipients),
                    subject: message.subject, body: body)
                let domain = settings.fromAddress.split(separator: "@").last.map(String.init) ?? "quartermaster"
                try await SMTPClient(server: server, group: app.eventLoopGroup).send(
                    mail, date: app.services.clock.now(), messageID: "\(message.id!.uuidString.lowercased())@\(domain)")
            case .webhook:
                guard let sealed = channel.webhookURLSealed else { return DeliveryProblem(.webhookNoAddress) }
                let url = try app.services.secretBox.open(sealed, boundTo: NotificationChannel.urlContext(channel.id!))
                let body = channel.webhookFormat.body(
                    topic: message.topicRaw, title: message.subject, text: message.body, link: message.link,
                    sentAt: app.services.clock.now())
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "User-Agent", value: "Quartermaster")
                request.body = .bytes(ByteBuffer(data: body))
                let response = try await app.http.client.shared.execute(request, timeout: .seconds(30))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                guard (200..<300).contains(Int(response.status.code)) else {
                    return DeliveryProblem(.webhookStatus, detail: "\(response.status.code) (\(channel.webhookHost))")
                }
            }
            return nil
        } catch let failure as SMTPClient.Failure {
            return DeliveryProblem(failure)
        } catch {
            return DeliveryProblem(.other, detail: String(describing: error))
        }
    }
}
