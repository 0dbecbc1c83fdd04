extension CalendarDate {
    /// The date `days` days later (earlier when negative), across months and years.
    public func adding(days: Int) -> CalendarDate {
        var date = self
        var remaining = days
        while remaining > 0 {
            let left = Self.days(inMonth: date.month, year: date.year) - date.day
            if remaining <= left { return CalendarDate(year: date.year, month: date.month, day: date.day + remaining)! }
            remaining -= left + 1
            date =
                date.month == 12
                ? CalendarDate(year: date.year + 1, month: 1, day: 1)! : CalendarDate(year: date.year, month: date.month + 1, day: 1)!
        }
        while remaining < 0 {
            if date.day + remaining >= 1 { return CalendarDate(year: date.year, month: date.month, day: date.day + remaining)! }
            remaining += date.day
            let month = date.month == 1 ? 12 : date.month - 1
            let year = date.month == 1 ? date.year - 1 : date.year
            date = CalendarDate(year: year, month: month, day: Self.days(inMonth: month, year: year))!
        }
        return date
    }

    /// The last day of this date's month.
    public var lastOfMonth: CalendarDate { CalendarDate(year: year, month: month, day: Self.days(inMonth: month, year: year))! }

    /// Whole days from this date to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDate) -> Int {
        func ordinal(_ date: CalendarDate) -> Int {
            // Days since 0000-03-01 in the proleptic Gregorian calendar (March-based years put the leap day last).
            let y = date.month <= 2 ? date.year - 1 : date.year
            let m = date.month <= 2 ? date.month + 9 : date.month - 3
            return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + date.day - 1
        }
        return ordinal(other) - ordinal(self)
    }
}
