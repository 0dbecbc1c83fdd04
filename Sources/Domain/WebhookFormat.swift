import Foundation

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
