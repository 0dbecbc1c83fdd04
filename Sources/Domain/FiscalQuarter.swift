/// One quarter of a fiscal year, named by the year it belongs to ("Q3 2026/27").
public struct FiscalQuarter: Hashable, Comparable, Sendable {
    public let fiscalYear: Int
    /// 1–4.
    public let quarter: Int

    public init(fiscalYear: Int, quarter: Int) {
        precondition((1...4).contains(quarter), "a quarter is 1 to 4")
        self.fiscalYear = fiscalYear
        self.quarter = quarter
    }

    /// The quarter `count` quarters later (or earlier, when negative).
    public func advanced(by count: Int) -> FiscalQuarter {
        let index = fiscalYear * 4 + (quarter - 1) + count
        return FiscalQuarter(fiscalYear: index.floorDivided(by: 4), quarter: index - index.floorDivided(by: 4) * 4 + 1)
    }

    public static func < (lhs: FiscalQuarter, rhs: FiscalQuarter) -> Bool {
        (lhs.fiscalYear, lhs.quarter) < (rhs.fiscalYear, rhs.quarter)
    }

    /// "Q1 2026" for a calendar-year organisation, "Q1 2026/27" otherwise.
    public func label(_ calendar: FiscalCalendar) -> String { "Q\(quarter) \(calendar.label(fiscalYear: fiscalYear))" }
}

extension FiscalCalendar {
    /// The fiscal quarter a calendar date falls in (a date has no time of day, so no time zone is involved).
    public func quarter(containing date: CalendarDate) -> FiscalQuarter {
        let year = date.month >= startMonth ? date.year : date.year - 1
        let fiscalMonth = (date.month - startMonth + 12) % 12 + 1
        return FiscalQuarter(fiscalYear: year, quarter: (fiscalMonth - 1) / 3 + 1)
    }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
