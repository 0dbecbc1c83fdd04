import Domain
import Foundation

extension NotificationService.ChannelInput {
    /// A channel as it is, as the input that would save it unchanged.
    init(_ channel: NotificationChannel) {
        self.init(
            name: channel.name, kind: channel.kindRaw, recipients: channel.recipients, role: channel.roleRaw ?? "", webhookURL: nil,
            webhookFormat: channel.webhookFormatRaw, topics: channel.topics.map(\.rawValue), language: channel.languageRaw,
            enabled: channel.enabled)
    }
}
