import Foundation

/// What a custom field holds.
public enum CustomFieldKind: String, CaseIterable, Sendable, Codable {
    case text, number, date, choice

    public var labelKey: String { "custom_field.kind.\(rawValue)" }
}

/// A field the organisation adds to one type of asset ("warranty contract number" on servers, "screen size" on
/// monitors): its key (as files and the API name it), label, kind and, for a choice, the choices.
public struct CustomFieldDefinition: Sendable, Equatable {
    public static let maximumText = 500

    public let key: String
    public let label: String
    public let kind: CustomFieldKind
    public let choices: [String]

    public init(key: String, label: String, kind: CustomFieldKind, choices: [String] = []) {
        (self.key, self.label, self.kind, self.choices) = (key, label, kind, choices)
    }

    /// A key is 1–40 lower-case letters, digits and underscores, starting with a letter: it becomes a column name.
    public static func keyProblem(_ key: String) -> FieldError.Code? {
        guard !key.isEmpty else { return .required }
        guard key.count <= 40 else { return .tooLong }
        guard let first = key.first, first.isASCII, first.isLowercase,
            key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { return .invalid }
        return nil
    }

    /// The choices as typed one per line: trimmed, empty lines dropped, each once.
    public static func choices(fromLines text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    /// The value as stored, nil for an empty one, or why it cannot be: a number in either decimal mark ("12,5" is
    /// stored "12.5"), a date as YYYY-MM-DD, a choice matched without regard to case and stored as defined.
    public enum Outcome: Sendable, Equatable {
        /// The value to store; nil for an empty one.
        case stored(String?)
        case refused(FieldError.Code)
    }

    public func normalise(_ raw: String) -> Outcome {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .stored(nil) }
        switch kind {
        case .text:
            return text.count <= Self.maximumText ? .stored(text) : .refused(.tooLong)
        case .number:
            let dotted = text.replacingOccurrences(of: ",", with: ".")
            let parts = (dotted.hasPrefix("-") ? dotted.dropFirst() : Substring(dotted)).split(
                separator: ".", omittingEmptySubsequences: false)
            guard text.count <= 40, (1...2).contains(parts.count),
                parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
            else { return .refused(.invalid) }
            return .stored(dotted)
        case .date:
            guard let date = CalendarDate(text) else { return .refused(.dateInvalid) }
            return .stored(date.description)
        case .choice:
            guard let choice = choices.first(where: { $0.lowercased() == text.lowercased() }) else { return .refused(.invalid) }
            return .stored(choice)
        }
    }
}

/// An asset's custom values as stored: a JSON object of key → text, keys sorted, so equal values store equally.
public enum CustomValues {
    public static func encode(_ values: [String: String]) -> String {
        guard !values.isEmpty,
            let data = try? JSONSerialization.data(withJSONObject: values, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [String: String] {
        guard text != "{}", let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else { return [:] }
        return object
    }
}
