import Foundation

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

/// A checklist step: something to do and confirm, or a value to measure and write down ("Battery runtime [min]").
public struct ChecklistStep: Hashable, Sendable, Codable {
    public let text: String
    /// The unit of a measured value; nil for a step that is only confirmed.
    public let unit: String?

    public init(text: String, unit: String? = nil) {
        self.text = text
        self.unit = unit
    }

    /// One step per line; a trailing `[unit]` makes it a measurement. Blank lines are left out.
    public static func parse(_ text: String) -> [ChecklistStep] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            if trimmed.hasSuffix("]"), let open = trimmed.lastIndex(of: "[") {
                let unit = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
                    .trimmingCharacters(in: .whitespaces)
                let label = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                if !unit.isEmpty, !label.isEmpty { return ChecklistStep(text: label, unit: unit) }
            }
            return ChecklistStep(text: trimmed)
        }
    }

    /// The line `parse` reads back.
    public var line: String { unit.map { "\(text) [\($0)]" } ?? text }
}

/// What a technician recorded for one step: done or failed, and the measured value as a decimal.
public struct StepResult: Hashable, Sendable, Codable {
    public let passed: Bool
    /// A measured step's value, normalised ("12.5"); nil for a step that is only confirmed.
    public let value: String?

    public init(passed: Bool, value: String? = nil) {
        self.passed = passed
        self.value = value
    }
}

/// A completed maintenance as the form or API gives it, checked against the task's checklist.
public struct MaintenanceCompletion: Sendable, Equatable {
    public enum Result: String, CaseIterable, Sendable, Codable {
        case pass, fail
        public var labelKey: String { "task.result.\(rawValue)" }
    }

    public let result: Result
    public let steps: [StepResult]

    /// Checks step by step: a measured step needs a number (a comma is read as the decimal point), a result of
    /// pass needs every step passed. The errors name `step.N` (from 1) and `result`.
    public static func validate(
        result: Result, passed: [Bool], values: [String], against checklist: [ChecklistStep]
    ) -> Swift.Result<MaintenanceCompletion, ValidationFailure> {
        var errors: [FieldError] = []
        var steps: [StepResult] = []
        for (index, step) in checklist.enumerated() {
            let ok = index < passed.count ? passed[index] : false
            var value: String?
            if step.unit != nil {
                let text = (index < values.count ? values[index] : "").trimmingCharacters(in: .whitespaces)
                    .replacingOccurrences(of: ",", with: ".")
                if text.isEmpty {
                    errors.append(FieldError(field: "step.\(index + 1)", code: .required))
                } else if let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
                    text.allSatisfy({ "0123456789.-".contains($0) })
                {
                    value = "\(number)"
                } else {
                    errors.append(FieldError(field: "step.\(index + 1)", code: .invalid))
                }
            }
            steps.append(StepResult(passed: ok, value: value))
        }
        if result == .pass, steps.contains(where: { !$0.passed }) { errors.append(FieldError(field: "result", code: .stepFailed)) }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        return .success(MaintenanceCompletion(result: result, steps: steps))
    }
}
