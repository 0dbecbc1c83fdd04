import Foundation

/// A half-open span of time [start, end).
public struct DateRange: Hashable, Sendable, Codable {
    public let start: Date
    public let end: Date

    public init(start: Date, end: Date) {
        precondition(start <= end, "a range cannot end before it starts")
        self.start = start
        self.end = end
    }

    public func contains(_ date: Date) -> Bool { date >= start && date < end }
    public func overlaps(_ other: DateRange) -> Bool { start < other.end && other.start < end }
}

/// The organisation's fiscal calendar: the month its fiscal year starts and the time zone its days are counted in.
/// A fiscal year is named by the calendar year it starts in; when it does not start in January it is shown as
/// "2026/27".
public struct FiscalCalendar: Sendable, Equatable {
    public let startMonth: Int
    public let timeZone: TimeZone

    public init(startMonth: Int, timeZone: TimeZone) {
        precondition((1...12).contains(startMonth), "a fiscal year starts in month 1 to 12")
        self.startMonth = startMonth
        self.timeZone = timeZone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The fiscal year (named by its starting calendar year) that contains `date`.
    public func fiscalYear(of date: Date) -> Int {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return parts.month! >= startMonth ? parts.year! : parts.year! - 1
    }

    /// The fiscal quarter (1–4) that contains `date`.
    public func fiscalQuarter(of date: Date) -> Int {
        (fiscalMonth(of: date) - 1) / 3 + 1
    }

    /// The month of the fiscal year (1–12) that contains `date`.
    public func fiscalMonth(of date: Date) -> Int {
        let month = calendar.component(.month, from: date)
        return (month - startMonth + 12) % 12 + 1
    }

    /// "2026" for a calendar-year organisation, else "2026/27".
    public func label(fiscalYear year: Int) -> String {
        startMonth == 1 ? String(year) : "\(year)/\(String(format: "%02d", (year + 1) % 100))"
    }

    /// The whole fiscal year, from midnight on its first day to midnight after its last, in the organisation's zone.
    public func range(fiscalYear year: Int) -> DateRange {
        range(fromYear: year, month: startMonth, months: 12)
    }

    public func range(fiscalYear year: Int, quarter: Int) -> DateRange {
        precondition((1...4).contains(quarter))
        let (yearOffset, month) = monthAfterStart((quarter - 1) * 3)
        return range(fromYear: year + yearOffset, month: month, months: 3)
    }

    public func range(fiscalYear year: Int, month fiscalMonth: Int) -> DateRange {
        precondition((1...12).contains(fiscalMonth))
        let (yearOffset, month) = monthAfterStart(fiscalMonth - 1)
        return range(fromYear: year + yearOffset, month: month, months: 1)
    }

    private func monthAfterStart(_ months: Int) -> (yearOffset: Int, month: Int) {
        let zeroBased = startMonth - 1 + months
        return (zeroBased / 12, zeroBased % 12 + 1)
    }

    private func range(fromYear year: Int, month: Int, months: Int) -> DateRange {
        let start = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        let end = calendar.date(byAdding: .month, value: months, to: start)!
        return DateRange(start: start, end: end)
    }
}
