import Foundation

/// One failing field of a submitted form or API body. The code is stable (API clients rely on it); the message is
/// looked up in the catalogues under `validation.<code>`.
public struct FieldError: Sendable, Hashable, Codable {
    public var field: String
    public var code: Code
    /// The offending value when the field holds several (the unknown tags of a list), so the message can name it.
    public var value: String?

    public init(field: String, code: Code, value: String? = nil) {
        self.field = field
        self.code = code
        self.value = value
    }

    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        case required
        case tooLong = "too_long"
        case emailInvalid = "email_invalid"
        case emailTaken = "email_taken"
        case passwordTooShort = "password_too_short"
        case passwordCommon = "password_common"
        case passwordMismatch = "password_mismatch"
        case passwordWrong = "password_wrong"
        case roleUnknown = "role_unknown"
        case languageUnknown = "language_unknown"
        case timeZoneUnknown = "time_zone_unknown"
        case currencyUnknown = "currency_unknown"
        case countryInvalid = "country_invalid"
        case dateInvalid = "date_invalid"
        /// A date with a time of day that cannot be read (the hint shows both parts).
        case dateTimeInvalid = "date_time_invalid"
        case endBeforeStart = "end_before_start"
        case reportingCycle = "reporting_cycle"
        case departmentCycle = "department_cycle"
        case notFound = "not_found"
        case taken
        case inUse = "in_use"
        case outOfRange = "out_of_range"
        case sortUnknown = "sort_unknown"
        case invalid
        case unchanged
        case transitionNotAllowed = "transition_not_allowed"
        case ipInvalid = "ip_invalid"
        case hostBitsSet = "host_bits_set"
        /// Fewer seats than are already assigned.
        case belowAssigned = "below_assigned"
        /// Every seat of the licence is assigned.
        case noSeatsLeft = "no_seats_left"
        /// The evaluation is decided and kept as it was.
        case evaluationDecided = "evaluation_decided"
        /// Another device takes some of these rack units.
        case rackSpaceTaken = "rack_space_taken"
        /// That end of the interface already has a cable.
        case cableEndTaken = "cable_end_taken"
        case macInvalid = "mac_invalid"
        case phoneInvalid = "phone_invalid"
        case urlInvalid = "url_invalid"
        case credentialsNeedEncryption = "credentials_need_encryption"
        case leadDaysInvalid = "lead_days_invalid"
        /// The VLAN belongs to another site than the prefix.
        case vlanOtherSite = "vlan_other_site"
        /// Records still hold this value (a custom field's choice, or any value of a field being removed).
        case valueInUse = "value_in_use"
        /// A maintenance recorded as passed while one of its checklist steps failed.
        case stepFailed = "step_failed"
        /// A text holding a control character (NUL, escape, …) that a person cannot have meant and storage would cut.
        case controlCharacters = "control_characters"
        /// An address added to a prefix that does not hold it.
        case outsidePrefix = "outside_prefix"

        public var messageKey: String { "validation.\(rawValue)" }
    }
}

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
