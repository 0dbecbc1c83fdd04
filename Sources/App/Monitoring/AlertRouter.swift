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

    /// "CRITICAL: HTTPS · SRV-0007 Mail server" and what was found, where and since when.
    func message(_ item: AlertNotice, escalation: Bool, language: Language) -> NotificationService.Message {
        let t = { (key: String, arguments: [String: String]) in localizer.text(key, language, arguments) }
        let subjectName = Self.subject(of: item.check, asset: item.asset)
        let status = t(item.result.status.labelKey, [:])
        let key: String
        switch item.notice {
        case .problem: key = escalation ? "alert.message.escalated" : "alert.message.problem"
        case .recovery: key = "alert.message.recovered"
        case .flappingStarted: key = "alert.message.flapping"
        case .flappingStopped: key = "alert.message.settled"
        }
        let subject = t(key, ["status": status, "check": item.check.name, "subject": subjectName])
        var lines = [t("alert.message.target", ["target": item.check.target.isEmpty ? "–" : item.check.target])]
        if item.notice != .recovery {
            let problem = item.result.problem.map { t($0.labelKey, [:]) } ?? status
            lines.append(t("alert.message.found", ["problem": problem, "detail": item.result.detail]))
        }
        let since = item.alert?.openedAt ?? item.at
        lines.append(t("alert.message.since", ["time": localizer.dateTime(since, language, timeZone: timeZone)]))
        if item.notice == .recovery, let opened = item.alert?.openedAt {
            lines.append(
                t("alert.message.lasted", ["duration": localizer.duration(seconds: Int(item.at.timeIntervalSince(opened)), language)]))
        }
        return .init(subject: subject, body: lines.joined(separator: "\n"), link: settings.link(Paths.check.path(item.check.id!)))
    }

    /// What a check is about: its asset's tag and name, or its named service.
    static func subject(of check: Check, asset: Asset?) -> String { subject(service: check.service, asset: asset) }

    static func subject(service: String, asset: Asset?) -> String {
        if let asset { return [asset.tag, asset.name].filter { !$0.isEmpty }.joined(separator: " ") }
        return service
    }
}

/// Maintenance windows as schedules.
enum MaintenanceCalendar {
    /// The schedule of a stored window; nil if what is stored no longer parses (it was validated when saved).
    static func schedule(_ window: MaintenanceWindow) -> MaintenanceSchedule? {
        guard let zone = TimeZone(identifier: window.timeZoneID), let start = localStart(window.startsLocal, in: zone) else { return nil }
        let recurrence = window.rrule.isEmpty ? nil : try? Recurrence.parse(window.rrule)
        if !window.rrule.isEmpty, recurrence == nil { return nil }
        return MaintenanceSchedule(
            start: start, duration: TimeInterval(window.durationMinutes * 60), recurrence: recurrence, timeZone: zone)
    }

    /// `2026-12-06T04:00` in `zone`.
    static func localStart(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" || $0 == " " }).compactMap { Int($0) }
        guard parts.count == 5, (1...12).contains(parts[1]), (1...31).contains(parts[2]), (0...23).contains(parts[3]),
            (0...59).contains(parts[4])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == parts[2] else { return nil }
        return date
    }
}
