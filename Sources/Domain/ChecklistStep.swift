import Foundation

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
