import Foundation

/// What a notification is about; a channel subscribes to the topics it wants.
public enum NotificationTopic: String, CaseIterable, Codable, Sendable {
    /// Notice deadlines, contract ends, warranty ends and licence renewals coming up.
    case deadlines
    /// Monitoring: a check's hard problem, its changes and its recovery.
    case alerts
    /// Monitoring: problems nobody acknowledged within the check's escalation delay.
    case escalations

    public var labelKey: String { "notification.topic.\(rawValue)" }
}

/// The JSON a webhook receives. `generic` is Quartermaster's own; the others are what Slack's and Mattermost's incoming
/// webhooks and Microsoft Teams' workflow webhooks accept.
public enum WebhookFormat: String, CaseIterable, Codable, Sendable {
    case generic, slack, teams, mattermost

    public var labelKey: String { "webhook.format.\(rawValue)" }

    /// The request body for a message with a title, text of one or more lines and an optional link.
    public func body(topic: String, title: String, text: String, link: String?, sentAt: Date) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data: Data?
        switch self {
        case .generic:
            data = try? encoder.encode(Generic(topic: topic, title: title, text: text, link: link, sentAt: sentAt))
        case .slack:
            // Slack's mrkdwn: &, < and > are escaped; a link is <url|label>.
            let escape = { (value: String) in
                value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;")
            }
            let linkLine = link.map { "\n<\($0)|\(escape(title))>" } ?? ""
            data = try? encoder.encode(Text(text: "*\(escape(title))*\n\(escape(text))\(linkLine)"))
        case .mattermost:
            let linkLine = link.map { "\n[\(title)](\($0))" } ?? ""
            data = try? encoder.encode(Text(text: "#### \(title)\n\(text)\(linkLine)"))
        case .teams:
            var blocks = [Card.Block(type: "TextBlock", text: title, weight: "Bolder", size: "Medium", wrap: true)]
            blocks.append(Card.Block(type: "TextBlock", text: text, weight: nil, size: nil, wrap: true))
            let actions = link.map { [Card.Action(type: "Action.OpenUrl", title: title, url: $0)] }
            data = try? encoder.encode(
                TeamsMessage(
                    type: "message",
                    attachments: [
                        .init(
                            contentType: "application/vnd.microsoft.card.adaptive",
                            content: Card(
                                schema: "http://adaptivecards.io/schemas/adaptive-card.json", type: "AdaptiveCard", version: "1.4",
                                body: blocks, actions: actions))
                    ]))
        }
        return data ?? Data()
    }

    private struct Generic: Encodable {
        let topic: String
        let title: String
        let text: String
        let link: String?
        let sentAt: Date
    }

    private struct Text: Encodable { let text: String }

    private struct TeamsMessage: Encodable {
        struct Attachment: Encodable {
            let contentType: String
            let content: Card
        }
        let type: String
        let attachments: [Attachment]
    }

    private struct Card: Encodable {
        struct Block: Encodable {
            let type: String
            let text: String
            let weight: String?
            let size: String?
            let wrap: Bool
        }
        struct Action: Encodable {
            let type: String
            let title: String
            let url: String
        }
        let schema: String
        let type: String
        let version: String
        let body: [Block]
        let actions: [Action]?

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case type, version, body, actions
        }
    }
}

/// When a delivery that failed is tried again, and when it is given up (and shown as failed until someone retries it).
public struct DeliveryRetry: Sendable, Equatable {
    public let backoff: RetryBackoff
    public let maximumAttempts: Int

    /// One minute, doubling to an hour, ten attempts: about six hours before a message counts as failed.
    public static let standard = DeliveryRetry(backoff: RetryBackoff(base: 60, maximum: 3600), maximumAttempts: 10)

    public init(backoff: RetryBackoff, maximumAttempts: Int) {
        (self.backoff, self.maximumAttempts) = (backoff, maximumAttempts)
    }

    /// After `attempts` failed attempts: when to try again, or nil when the message has failed for good.
    public func nextAttempt(afterFailures attempts: Int, at now: Date) -> Date? {
        attempts >= maximumAttempts ? nil : now.addingTimeInterval(backoff.delay(afterFailures: attempts))
    }
}

/// How many days before a deadline reminders go out: "60, 30, 7" sends one when a deadline comes within 60 days, another
/// within 30 and a last within 7. A deadline first seen late gets only the reminder for where it stands.
public struct ReminderLeadTimes: Sendable, Equatable, CustomStringConvertible {
    public let days: [Int]

    public static let standard = ReminderLeadTimes(validDays: [30, 7])

    private init(validDays: [Int]) { days = validDays }

    /// Whole numbers from 0 to 366 separated by commas or spaces, at least one; nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(whereSeparator: { $0 == "," || $0.isWhitespace })
        let values = parts.compactMap { Int($0) }
        guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ (0...366).contains($0) }) else { return nil }
        days = Array(Set(values)).sorted(by: >)
    }

    public var description: String { days.map(String.init).joined(separator: ", ") }
    public var longest: Int { days.first ?? 0 }

    /// The reminder a deadline `daysLeft` away is due for: the shortest lead time it is within (a deadline already past
    /// is within every one), or nil while it is further away than the longest.
    public func reminder(daysLeft: Int) -> Int? {
        days.last(where: { daysLeft <= $0 })
    }
}
