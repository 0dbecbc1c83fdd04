import Domain
import Fluent
import Foundation
import Vapor

/// What the OpenAPI document says of the notification routes.
enum NotificationAPIDocs {
    static let getSettings = APIDoc(
        summary: "The mail server, Quartermaster's public address for links, and the deadline reminders' lead times.",
        response: .ref("NotificationSettings"))
    static let updateSettings = APIDoc(
        summary:
            "Change the delivery settings (If-Match: the version). `smtpPassword` sets the password (sealed, never returned); `clearPassword` removes it. Credentials need STARTTLS or TLS.",
        requestBody: .ref("NotificationSettingsBody"), response: .ref("NotificationSettings"), conditional: true)
    static let listChannels = APIDoc(summary: "Every notification channel.", response: .array(.ref("NotificationChannel")))
    static let createChannel = APIDoc(
        summary:
            "Add a channel: e-mail to addresses and/or every active user with a role, or a webhook (generic JSON, Slack, Teams or Mattermost) for the topics it subscribes to.",
        requestBody: .ref("NotificationChannelBody"), response: .ref("NotificationChannel"), successStatus: 201)
    static let getChannel = APIDoc(summary: "One channel.", response: .ref("NotificationChannel"))
    static let updateChannel = APIDoc(
        summary: "Change a channel (If-Match: the version); fields left out keep their values, a webhook keeps its address.",
        requestBody: .ref("NotificationChannelBody"), response: .ref("NotificationChannel"), conditional: true)
    static let testChannel = APIDoc(summary: "Queue a test message on the channel; the outbox shows whether it went.", successStatus: 202)
    static let listMessages = APIDoc(
        summary: "The outbox, newest first: every queued message with its state, attempts, next attempt and last error.",
        query: [
            .init(
                name: "status", schema: .string(enumeration: OutboxMessage.Status.allCases.map(\.rawValue)),
                description: "Only messages in this state."),
            .init(name: "limit", schema: .integer(minimum: 1, maximum: 500), description: "At most this many (default 50)."),
            .init(name: "offset", schema: .integer(minimum: 0), description: "Skip this many (default 0)."),
        ], response: .ref("NotificationPage"))
    static let retry = APIDoc(
        summary: "Put a failed message back in the queue, its attempts counted afresh.", response: .ref("Notification"))

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
