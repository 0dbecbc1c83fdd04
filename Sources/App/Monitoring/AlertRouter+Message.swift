import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// What a message says: the status, the check and its subject, what was found and since when.
extension AlertRouter {
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
