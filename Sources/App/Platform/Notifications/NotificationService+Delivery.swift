import AsyncHTTPClient
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Delivering the queue: claiming the due messages, sending them and recording what happened.
extension NotificationService {
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
        for message in due where try await claim(message, dueBy: now, until: now.addingTimeInterval(300)) { claimed.append(message) }
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

    /// Takes the message if it is still due: whoever claims it first moves its next attempt past `now`, so a second
    /// claimer finds it not due. (Not "unchanged since read": SQLite gives dates back rounded to microseconds, so the
    /// value read is not always the value stored.)
    private func claim(_ message: OutboxMessage, dueBy now: Date, until lease: Date) async throws -> Bool {
        let sql = app.db.sql
        let rows = try await sql.update(OutboxMessage.schema).set("next_attempt_at", to: SQLBind(lease))
            .where("id", .equal, SQLBind(message.id!)).where("next_attempt_at", .lessThanOrEqual, SQLBind(now))
            .where("status", .equal, SQLBind(OutboxMessage.Status.pending.rawValue))
            .returning("id").all()
        return !rows.isEmpty
    }
}
