import Domain
import Foundation
import Probes

/// How the audit page reads monitoring's stored values: a check's settings and a maintenance window's start and
/// repeat rule, in the reader's words (issue 18).
enum MonitoringAuditText {
    static let formatters: [String: AuditFormatter] = [
        "check.settings": { raw, _, text in settings(raw, text) },
        "maintenance_window.starts": { raw, changes, text in
            let zone = windowZone(changes, text)
            return MaintenanceCalendar.localStart(raw, in: zone).map { text.localizer.dateTime($0, text.language, timeZone: zone) }
        },
        "maintenance_window.rrule": { raw, changes, text in
            guard let rule = try? Recurrence.parse(raw) else { return nil }
            let zone = windowZone(changes, text)
            let start = changes["starts"].flatMap { $0.after ?? $0.before }.flatMap { MaintenanceCalendar.localStart($0, in: zone) }
            return RecurrenceText.describe(rule, start: start ?? Date(), timeZone: zone, text.language, text.localizer)
        },
    ]

    private static func windowZone(_ changes: [String: AuditChange], _ text: AuditText) -> TimeZone {
        changes["time_zone"].flatMap { $0.after ?? $0.before }.flatMap(TimeZone.init(identifier:)) ?? text.timeZone
    }

    /// "Method: GET; Statuses: 200-299; Follow redirects: yes" instead of the stored JSON.
    private static func settings(_ raw: String, _ text: AuditText) -> String? {
        guard let settings = try? JSONDecoder().decode(CheckSettings.self, from: Data(raw.utf8)) else { return nil }
        let parts = Mirror(reflecting: settings).children.compactMap { child -> String? in
            guard let name = child.label else { return nil }
            let shown: String
            switch child.value {
            case let value as String?: guard let value else { return nil }; shown = value
            case let value as Bool?:
                guard let value else { return nil }; shown = text.localizer.text(value ? "form.yes" : "form.no", text.language)
            case let value as Int?:
                guard let value else { return nil }
                shown = name.hasSuffix("Seconds") ? text.localizer.duration(seconds: value, text.language) : String(value)
            case let value as [String]?: guard let value else { return nil }; shown = value.joined(separator: ", ")
            default: return nil
            }
            return "\(text.localizer.text("check.setting.\(name)", text.language)): \(shown)"
        }
        return parts.isEmpty ? "–" : parts.joined(separator: "; ")
    }
}
