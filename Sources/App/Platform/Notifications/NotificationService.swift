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
}
