import Foundation

/// Field rules shared by every form and API body.
public enum Validate {
    /// A pragmatic address check: one @, a non-empty local part, a dotted domain, no spaces, at most 254 characters.
    public static func email(_ value: String, field: String = "email") -> FieldError? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return FieldError(field: field, code: .required) }
        if trimmed.count > 254 { return FieldError(field: field, code: .tooLong) }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
            !trimmed.contains(where: { $0.isWhitespace || $0 == "," || $0 == "<" || $0 == ">" })
        else { return FieldError(field: field, code: .emailInvalid) }
        return nil
    }

    /// A web address a person may follow: http or https with a host, nothing else (`javascript:` and `data:` links
    /// would run in the reader's browser), no spaces or control characters.
    public static func webAddress(_ value: String, field: String) -> FieldError? {
        let text = value.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lower.hasPrefix($0) }) else {
            return FieldError(field: field, code: .urlInvalid)
        }
        let host = text.dropFirst(scheme.count).prefix { !"/?#".contains($0) }
        guard !host.isEmpty, !host.hasPrefix("@"),
            !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else { return FieldError(field: field, code: .urlInvalid) }
        return nil
    }

    /// True when the text holds a control character other than tab, line feed and carriage return (which notes and
    /// addresses may carry): NUL would cut the text short in storage, the others are never typed by a person.
    public static func hasControlCharacters(_ value: some StringProtocol) -> Bool {
        value.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || (0x7F...0x9F).contains(scalar.value)
        }
    }

    public static func required(_ value: String, field: String, maxLength: Int = 200) -> FieldError? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return FieldError(field: field, code: .required) }
        if trimmed.count > maxLength { return FieldError(field: field, code: .tooLong) }
        return nil
    }
}

extension String {
    /// E-mail addresses compare case-insensitively; they are stored trimmed and lowercased.
    public var normalisedEmail: String { trimmingCharacters(in: .whitespaces).lowercased() }
}
