import Domain
import Fluent
import Foundation
import Vapor

/// What the notifications page shows: the settings, the channels and the latest messages of the outbox.
extension NotificationPages {
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
}
