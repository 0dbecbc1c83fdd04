import Foundation

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
