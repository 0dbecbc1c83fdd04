import Foundation

/// A maintenance window: a first start, a duration, and perhaps a recurrence, in a time zone — a weekly window at
/// 02:00 on Sundays in Berlin stays at 02:00 local time across daylight-saving changes. (A start that falls into the
/// hour the clocks skip moves to the next valid time, as Foundation's calendar does.)
public struct MaintenanceSchedule: Sendable, Equatable {
    public let start: Date
    public let duration: TimeInterval
    public let recurrence: Recurrence?
    public let timeZone: TimeZone

    public init(start: Date, duration: TimeInterval, recurrence: Recurrence? = nil, timeZone: TimeZone) {
        self.start = start
        self.duration = duration
        self.recurrence = recurrence
        self.timeZone = timeZone
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        return calendar
    }

    /// The window that covers `instant`, if one does.
    public func window(containing instant: Date) -> DateInterval? {
        windows(overlapping: DateInterval(start: instant, duration: 0), limit: 1).first { $0.start <= instant && instant < $0.end }
    }

    public func isActive(at instant: Date) -> Bool { window(containing: instant) != nil }

    /// The windows that overlap `range`, in order, at most `limit`.
    public func windows(overlapping range: DateInterval, limit: Int = 1000) -> [DateInterval] {
        var result: [DateInterval] = []
        for begin in starts(from: range.start.addingTimeInterval(-duration)) {
            if begin > range.end || (range.duration > 0 && begin == range.end) { break }
            let window = DateInterval(start: begin, duration: duration)
            if window.end > range.start {
                result.append(window)
                if result.count >= limit { break }
            }
        }
        return result
    }

}
