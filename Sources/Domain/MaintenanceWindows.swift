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

    /// Reads `FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270101T000000Z` (an optional `RRULE:` prefix is allowed).
    public static func parse(_ text: String) throws(ParseError) -> Recurrence {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.uppercased().hasPrefix("RRULE:") { body = String(body.dropFirst(6)) }
        var frequency: Frequency?
        var rule = Recurrence(.daily)
        var byDay: (part: String, days: [MonthWeekday])?
        for part in body.split(separator: ";") where !part.isEmpty {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).uppercased() }
            guard pair.count == 2 else { throw .unsupported(String(part)) }
            let (name, value) = (pair[0], pair[1])
            switch name {
            case "FREQ":
                guard let parsed = Frequency(rawValue: value) else { throw .unsupported(String(part)) }
                frequency = parsed
            case "INTERVAL":
                guard let number = Int(value), (1...1000).contains(number) else { throw .unsupported(String(part)) }
                rule.interval = number
            case "BYDAY":
                var days: [MonthWeekday] = []
                for day in value.split(separator: ",") {
                    let name = day.suffix(2)
                    let number = day.dropLast(2)
                    guard let weekday = Weekday(rawValue: String(name)) else { throw .unsupported(String(part)) }
                    var ordinal: Int?
                    if !number.isEmpty {
                        guard let value = Int(number.hasPrefix("+") ? number.dropFirst() : number), (1...5).contains(abs(value)) else {
                            throw .unsupported(String(part))
                        }
                        ordinal = value
                    }
                    let entry = MonthWeekday(ordinal, weekday)
                    if !days.contains(entry) { days.append(entry) }
                }
                byDay = (String(part), days)
            case "BYMONTHDAY":
                var days: [Int] = []
                for day in value.split(separator: ",") {
                    guard let number = Int(day), (1...31).contains(abs(number)) else { throw .unsupported(String(part)) }
                    if !days.contains(number) { days.append(number) }
                }
                rule.monthDays = days
            case "COUNT":
                guard let number = Int(value), (1...maximumCount).contains(number) else { throw .unsupported(String(part)) }
                rule.count = number
            case "UNTIL":
                guard let date = untilDate(value) else { throw .unsupported(String(part)) }
                rule.until = date
            case "WKST" where value == "MO":
                break
            default:
                throw .unsupported(String(part))
            }
        }
        guard let frequency else { throw .missingFrequency }
        rule.frequency = frequency
        if rule.count != nil, rule.until != nil { throw .countAndUntil }
        if let byDay {
            switch frequency {
            case .weekly:
                // An ordinal means nothing within a week (RFC 5545).
                guard byDay.days.allSatisfy({ $0.ordinal == nil }) else { throw .unsupported(byDay.part) }
                rule.weekdays = Array(Set(byDay.days.map(\.weekday))).sorted()
            case .monthly: rule.monthWeekdays = byDay.days
            case .daily: throw .unsupported("BYDAY")
            }
        }
        if !rule.monthDays.isEmpty, frequency != .monthly { throw .unsupported("BYMONTHDAY") }
        return rule
    }

    /// `20270101T000000Z` (UTC) or `20270101` (the end of that day, UTC).
    private static func untilDate(_ text: String) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let digits = text.filter(\.isNumber)
        guard text.allSatisfy({ $0.isNumber || $0 == "T" || $0 == "Z" }), digits.count == 8 || digits.count == 14 else { return nil }
        let number = { (range: Range<Int>) in Int(digits.dropFirst(range.lowerBound).prefix(range.count))! }
        var parts = DateComponents(year: number(0..<4), month: number(4..<6), day: number(6..<8))
        if digits.count == 14 {
            guard text.hasSuffix("Z") else { return nil }
            (parts.hour, parts.minute, parts.second) = (number(8..<10), number(10..<12), number(12..<14))
        } else {
            (parts.hour, parts.minute, parts.second) = (23, 59, 59)
        }
        guard let date = calendar.date(from: parts), calendar.dateComponents([.year, .month, .day], from: date).day == parts.day else {
            return nil
        }
        return date
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

    private var calendar: Calendar {
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

    /// The windows' starts in order, from the first one at or after `earliest`; COUNT counts from the very first.
    public func starts(from earliest: Date) -> AnySequence<Date> {
        guard let rule = recurrence else { return AnySequence(start >= earliest ? [start] : []) }
        let calendar = self.calendar
        let first = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: start)
        let time = (first.hour!, first.minute!, first.second!)
        let firstDay = calendar.startOfDay(for: start)
        // Periods that end before `earliest` can be skipped, unless COUNT needs every window counted from the first.
        var period = 0
        if rule.count == nil, earliest > start {
            let unit: Calendar.Component = rule.frequency == .daily ? .day : rule.frequency == .weekly ? .weekOfYear : .month
            let elapsed = calendar.dateComponents([unit], from: firstDay, to: earliest).value(for: unit) ?? 0
            period = max(0, elapsed / rule.interval - 1)
        }
        let weekStart = calendar.dateInterval(of: .weekOfYear, for: firstDay)!.start
        let monthStart = calendar.dateInterval(of: .month, for: firstDay)!.start
        var emitted = 0
        var pending: [Date] = []
        var exhausted = false
        var emptyPeriods = 0
        return AnySequence(
            AnyIterator {
                while true {
                    if exhausted { return nil }
                    if let count = rule.count, emitted >= count { return nil }
                    if !pending.isEmpty {
                        let next = pending.removeFirst()
                        if let until = rule.until, next > until {
                            exhausted = true
                            return nil
                        }
                        emitted += 1
                        if next < earliest { continue }
                        return next
                    }
                    // A rule whose days never come (the 31st, every 12 months from February) ends instead of spinning.
                    if emptyPeriods > 1000 { return nil }
                    pending = Self.days(
                        in: period, rule: rule, calendar: calendar, weekStart: weekStart, monthStart: monthStart,
                        firstDay: firstDay, firstWeekday: first.weekday!, firstMonthDay: first.day!
                    )
                    .compactMap { day in
                        calendar.date(bySettingHour: time.0, minute: time.1, second: time.2, of: day)
                    }
                    .filter { $0 >= start }
                    // The first window always counts, even on a day the rule would not pick (RFC 5545, DTSTART).
                    if period == 0, pending.first != start { pending.insert(start, at: 0) }
                    emptyPeriods = pending.isEmpty ? emptyPeriods + 1 : 0
                    period += 1
                }
            })
    }

    /// The days (local midnights) of the `index`th period of the rule, in order.
    private static func days(
        in index: Int, rule: Recurrence, calendar: Calendar, weekStart: Date, monthStart: Date, firstDay: Date, firstWeekday: Int,
        firstMonthDay: Int
    ) -> [Date] {
        let step = index * rule.interval
        switch rule.frequency {
        case .daily:
            return [calendar.date(byAdding: .day, value: step, to: firstDay)!]
        case .weekly:
            let week = calendar.date(byAdding: .weekOfYear, value: step, to: weekStart)!
            let weekdays = rule.weekdays.isEmpty ? [Recurrence.Weekday(gregorian: firstWeekday)] : rule.weekdays
            return weekdays.map { day in
                calendar.date(byAdding: .day, value: Recurrence.Weekday.allCases.firstIndex(of: day)!, to: week)!
            }
        case .monthly:
            let month = calendar.date(byAdding: .month, value: step, to: monthStart)!
            let length = calendar.range(of: .day, in: .month, for: month)!.count
            // A day the month does not have (the 31st in April) is skipped, as RFC 5545 says.
            let byMonthDay = Set(
                rule.monthDays.compactMap { $0 < 0 ? (length + 1 + $0 >= 1 ? length + 1 + $0 : nil) : ($0 <= length ? $0 : nil) })
            var days: Set<Int>
            if rule.monthWeekdays.isEmpty {
                days = rule.monthDays.isEmpty ? (firstMonthDay <= length ? [firstMonthDay] : []) : byMonthDay
            } else {
                // The weekday of the 1st, as an index Monday 0 … Sunday 6.
                let firstWeekdayIndex = (calendar.component(.weekday, from: month) + 5) % 7
                days = []
                for entry in rule.monthWeekdays {
                    let index = Recurrence.Weekday.allCases.firstIndex(of: entry.weekday)!
                    let all = Array(stride(from: (index - firstWeekdayIndex + 7) % 7 + 1, through: length, by: 7))
                    switch entry.ordinal {
                    case nil: days.formUnion(all)
                    case let n? where n > 0: if n <= all.count { days.insert(all[n - 1]) }
                    case let n?: if -n <= all.count { days.insert(all[all.count + n]) }
                    }
                }
                if !rule.monthDays.isEmpty { days.formIntersection(byMonthDay) }
            }
            return days.sorted().map { day in calendar.date(byAdding: .day, value: day - 1, to: month)! }
        }
    }
}
