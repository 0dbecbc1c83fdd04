import Foundation

/// How a maintenance window repeats: the subset of iCalendar's RRULE (RFC 5545 §3.3.10) that maintenance needs —
/// `FREQ=DAILY|WEEKLY|MONTHLY`, `INTERVAL`, `BYDAY` (weekly: plain weekdays; monthly: also with an ordinal, `3SU` the
/// third Sunday, `-1FR` the last Friday), `BYMONTHDAY` (monthly, 1…31 or -31…-1 from the end; with `BYDAY` the days
/// both pick), and `COUNT` or `UNTIL`. Checked against python-dateutil's `rrule` over generated rules.
public struct Recurrence: Sendable, Equatable, Codable {
    public enum Frequency: String, CaseIterable, Sendable, Codable {
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY"
    }

    /// ISO weekdays as iCalendar spells them, Monday first.
    public enum Weekday: String, CaseIterable, Sendable, Codable, Comparable {
        case monday = "MO", tuesday = "TU", wednesday = "WE", thursday = "TH", friday = "FR", saturday = "SA", sunday = "SU"

        /// Foundation's weekday number (Sunday 1 … Saturday 7).
        var gregorian: Int { self == .sunday ? 1 : Self.allCases.firstIndex(of: self)! + 2 }

        init(gregorian: Int) { self = gregorian == 1 ? .sunday : Self.allCases[gregorian - 2] }

        public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// A weekday in a month: every one (no ordinal), the nth (1…5) or the nth from the end (-1…-5).
    public struct MonthWeekday: Sendable, Equatable, Hashable, Codable {
        public var ordinal: Int?
        public var weekday: Weekday

        public init(_ ordinal: Int?, _ weekday: Weekday) {
            self.ordinal = ordinal
            self.weekday = weekday
        }

        var text: String { (ordinal.map(String.init) ?? "") + weekday.rawValue }
    }

    public enum ParseError: Error, Equatable, Sendable {
        /// A part this subset does not know, or a value it cannot read; the text names it.
        case unsupported(String)
        case missingFrequency
        /// `COUNT` and `UNTIL` together (RFC 5545 forbids it).
        case countAndUntil
    }

    public var frequency: Frequency
    public var interval: Int
    /// Weekly: the days it falls on (empty: the first window's weekday).
    public var weekdays: [Weekday]
    /// Monthly: the days of the month (empty: the first window's day); -1 is the last day.
    public var monthDays: [Int]
    /// Monthly: the weekdays of the month (`BYDAY`).
    public var monthWeekdays: [MonthWeekday]
    /// How many windows in all, the first included.
    public var count: Int?
    /// The last moment a window may start.
    public var until: Date?

    public static let maximumCount = 10_000

    public init(
        _ frequency: Frequency, interval: Int = 1, weekdays: [Weekday] = [], monthDays: [Int] = [], monthWeekdays: [MonthWeekday] = [],
        count: Int? = nil, until: Date? = nil
    ) {
        self.frequency = frequency
        self.interval = interval
        self.weekdays = weekdays.sorted()
        self.monthDays = monthDays
        self.monthWeekdays = monthWeekdays
        self.count = count
        self.until = until
    }

    /// The rule as iCalendar text, parts in a fixed order.
    public var text: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if !weekdays.isEmpty { parts.append("BYDAY=" + weekdays.map(\.rawValue).joined(separator: ",")) }
        if !monthWeekdays.isEmpty { parts.append("BYDAY=" + monthWeekdays.map(\.text).joined(separator: ",")) }
        if !monthDays.isEmpty { parts.append("BYMONTHDAY=" + monthDays.map(String.init).joined(separator: ",")) }
        if let count { parts.append("COUNT=\(count)") }
        if let until {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            parts.append("UNTIL=" + formatter.string(from: until))
        }
        return parts.joined(separator: ";")
    }
}
