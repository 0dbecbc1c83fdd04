/// How often a preventive maintenance task recurs: every N days, weeks, months or years. Due dates are counted from
/// the task's first due date (its anchor), never from the previous one, so "monthly from 31 January" stays on the
/// last day of short months and returns to the 31st, instead of drifting to the 28th for good.
public struct MaintenanceCadence: Hashable, Sendable, Codable {
    public enum Unit: String, CaseIterable, Sendable, Codable {
        case days, weeks, months, years

        public var labelKey: String { "task.unit.\(rawValue)" }

        /// The longest cadence a unit allows: ten years of it.
        var maximum: Int {
            switch self {
            case .days: 3650
            case .weeks: 520
            case .months: 120
            case .years: 10
            }
        }
    }

    public let every: Int
    public let unit: Unit

    /// Nil when `every` is not between 1 and ten years' worth of the unit.
    public init?(every: Int, unit: Unit) {
        guard (1...unit.maximum).contains(every) else { return nil }
        (self.every, self.unit) = (every, unit)
    }

    /// The `n`th due date after `anchor` (the 0th is the anchor itself).
    public func occurrence(_ n: Int, from anchor: CalendarDate) -> CalendarDate {
        switch unit {
        case .days: anchor.adding(days: n * every)
        case .weeks: anchor.adding(days: 7 * n * every)
        case .months: anchor.adding(months: n * every)
        case .years: anchor.adding(months: 12 * n * every)
        }
    }

    /// The due date after a completion on `done` that satisfied `due`: the first occurrence later than both. Done
    /// early, the next falls one period after the due date it met; done late, periods that passed meanwhile are
    /// not owed twice.
    public func nextDue(anchor: CalendarDate, satisfied due: CalendarDate, doneOn done: CalendarDate) -> CalendarDate {
        let floor = max(due, done)
        // Start near the answer: the periods between anchor and floor, less one for months' uneven lengths.
        let days = Double(anchor.days(until: floor))
        let length: Double =
            switch unit {
            case .days: Double(every)
            case .weeks: Double(7 * every)
            case .months: 28 * Double(every)
            case .years: 365 * Double(every)
            }
        var n = max(0, Int(days / length) - 2)
        while occurrence(n, from: anchor) <= floor { n += 1 }
        return occurrence(n, from: anchor)
    }
}

/// Where a task stands on a day: scheduled, due within its lead days, or overdue once its due date has passed.
public enum MaintenanceDueState: String, CaseIterable, Sendable, Codable {
    case scheduled, due, overdue

    public var labelKey: String { "task.state.\(rawValue)" }

    public init(due: CalendarDate, today: CalendarDate, leadDays: Int) {
        if today > due {
            self = .overdue
        } else if today >= due.adding(days: -leadDays) {
            self = .due
        } else {
            self = .scheduled
        }
    }
}
