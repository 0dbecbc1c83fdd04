import Domain

extension CalendarDate {
    /// Later than any date a contract holds: sorts contracts without a deadline last.
    static let distantFuture = CalendarDate(year: 9999, month: 12, day: 31)!
}
