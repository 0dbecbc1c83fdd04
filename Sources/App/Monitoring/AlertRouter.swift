import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// A notice the state machine decided to send, with what the message needs.
struct AlertNotice: Sendable {
    let check: Check
    let asset: Asset?
    let alert: Alert?
    let notice: CheckNotice
    let result: ProbeResult
    let at: Date
    /// An escalation of a problem nobody acknowledged: it goes to the escalation channels.
    var escalation = false
}

/// Turns notices into queued messages: to the check's own channels, or else to every channel subscribed to the
/// alerts topic; escalations to the channels subscribed to escalations. Each message is rendered in its channel's
/// language. A channel gets at most `ResultRecorder.channelLimitPerHour` problem messages an hour; past that,
/// problems are held (the alert's timeline says so) and the channel is told once that messages are being held.
struct AlertRouter: Sendable {
    let localizer: Localizer
    let now: Date
    let timeZone: TimeZone
    let settings: NotificationSettings

    static let limitedTopic = "alerts.limited"

    /// Queues the notices; returns how many messages were queued and the timeline entries for what was held.
    func send(_ notices: [AlertNotice], on db: any Database) async throws -> (Int, [AlertEvent]) {
        guard !notices.isEmpty else { return (0, []) }
        let channels = try await NotificationChannel.query(on: db).filter(\.$enabled == true).all()
        var sentThisHour: [UUID: Int] = [:]
        var warned: Set<UUID> = []
        let hourAgo = now.addingTimeInterval(-3600)
        for channel in channels {
            let recent = try await OutboxMessage.query(on: db).filter(\.$channelID == channel.id!).filter(\.$createdAt > hourAgo).all()
            sentThisHour[channel.id!] = recent.filter { $0.topicRaw == NotificationTopic.alerts.rawValue }.count
            if recent.contains(where: { $0.topicRaw == Self.limitedTopic }) { warned.insert(channel.id!) }
        }
        var queued = 0
        var events: [AlertEvent] = []
        for item in notices {
            let escalation = item.escalation
            let targets = self.targets(for: item.check, escalation: escalation, among: channels)
            var limited = false
            var allowed: [NotificationChannel] = []
            for channel in targets {
                let isProblem = item.notice != .recovery
                if isProblem, sentThisHour[channel.id!, default: 0] >= ResultRecorder.channelLimitPerHour {
                    limited = true
                    if !warned.contains(channel.id!) {
                        warned.insert(channel.id!)
                        queued += try await NotificationService.enqueue(topic: Self.limitedTopic, to: [channel], on: db, now: now) {
                            language in
                            .init(
                                subject: localizer.text("alert.message.limited.subject", language),
                                body: localizer.text(
                                    "alert.message.limited.body", language,
                                    ["limit": localizer.number(ResultRecorder.channelLimitPerHour, language)]),
                                link: settings.link(Paths.alerts.path))
                        }
                    }
                    continue
                }
                allowed.append(channel)
                sentThisHour[channel.id!, default: 0] += 1
            }
            let topic = escalation ? NotificationTopic.escalations.rawValue : NotificationTopic.alerts.rawValue
            let count = try await NotificationService.enqueue(topic: topic, to: allowed, on: db, now: now) { language in
                message(item, escalation: escalation, language: language)
            }
            queued += count
            if let alert = item.alert {
                if count > 0 { events.append(AlertEvent(alertID: alert.id!, at: item.at, kind: escalation ? .escalated : .notified)) }
                if limited { events.append(AlertEvent(alertID: alert.id!, at: item.at, kind: .held, detail: "rate_limited")) }
            }
        }
        return (queued, events)
    }

    func targets(for check: Check, escalation: Bool, among channels: [NotificationChannel]) -> [NotificationChannel] {
        if escalation { return channels.filter { $0.topics.contains(.escalations) } }
        let own = check.channelIDs
        if !own.isEmpty { return channels.filter { own.contains($0.id!) } }
        return channels.filter { $0.topics.contains(.alerts) }
    }
}
