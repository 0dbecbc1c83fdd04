import Foundation

/// A month of the calendar, as uptime reports are read: `2026-11`, its span taken in the organisation's time zone.
public struct CalendarMonth: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1970...9999).contains(year), (1...12).contains(month) else { return nil }
        (self.year, self.month) = (year, month)
    }

    /// `2026-11`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else {
            return nil
        }
        self.init(year: year, month: month)
    }

    /// The month that holds `date` in `zone`.
    public init(containing date: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month], from: date)
        (year, month) = (parts.year ?? 1970, parts.month ?? 1)
    }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public var previous: CalendarMonth { month == 1 ? Self(unchecked: year - 1, 12) : Self(unchecked: year, month - 1) }
    public var next: CalendarMonth { month == 12 ? Self(unchecked: year + 1, 1) : Self(unchecked: year, month + 1) }

    private init(unchecked year: Int, _ month: Int) { (self.year, self.month) = (year, month) }

    /// From local midnight on the first to local midnight on the first of the next month.
    public func span(in zone: TimeZone) -> DateInterval {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        let end = calendar.date(from: DateComponents(year: next.year, month: next.month, day: 1))!
        return DateInterval(start: start, end: end)
    }

    public static func < (lhs: CalendarMonth, rhs: CalendarMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}

extension Availability {
    /// Availability from down stretches that may overlap — the checks of one asset, the assets of one site: the whole
    /// is down while any part is.
    public init(down stretches: [DateInterval], period: DateInterval, excluded: [DateInterval] = []) {
        var changes: [(at: Date, down: Bool)] = []
        var downAtStart = false
        for stretch in Self.union(stretches) where stretch.end > period.start && stretch.start < period.end {
            if stretch.start <= period.start { downAtStart = true } else { changes.append((stretch.start, true)) }
            if stretch.end < period.end { changes.append((stretch.end, false)) }
        }
        self.init(changes: changes, downAtStart: downAtStart, period: period, excluded: excluded)
    }

    /// The stretches with the windows cut out of them: a part's planned downtime does not count against the whole
    /// it belongs to, though the rest of the whole's time still counts.
    public static func subtract(_ windows: [DateInterval], from stretches: [DateInterval]) -> [DateInterval] {
        var remaining = union(stretches)
        for window in union(windows) {
            remaining = remaining.flatMap { stretch -> [DateInterval] in
                guard window.end > stretch.start, window.start < stretch.end else { return [stretch] }
                var pieces: [DateInterval] = []
                if stretch.start < window.start { pieces.append(DateInterval(start: stretch.start, end: window.start)) }
                if window.end < stretch.end { pieces.append(DateInterval(start: window.end, end: stretch.end)) }
                return pieces
            }
        }
        return remaining
    }

    /// Overlapping and touching stretches joined, in time order.
    public static func union(_ stretches: [DateInterval]) -> [DateInterval] {
        var joined: [DateInterval] = []
        for stretch in stretches.sorted(by: { $0.start < $1.start }) {
            if let last = joined.last, stretch.start <= last.end {
                joined[joined.count - 1] = DateInterval(start: last.start, end: max(last.end, stretch.end))
            } else {
                joined.append(stretch)
            }
        }
        return joined
    }
}
