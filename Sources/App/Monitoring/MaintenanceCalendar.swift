import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

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
