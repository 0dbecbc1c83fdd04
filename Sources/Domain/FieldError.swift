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
        /// A directory DN template that would give every account the same DN.
        case dnNeedsPlaceholder = "dn_needs_placeholder"
        case usernameNeedsPlaceholder = "username_needs_placeholder"
        /// A `{name}` in a template that is not one of the placeholders.
        case unknownPlaceholder = "unknown_placeholder"
        /// A line of an attribute mapping that is not `attribute: template`.
        case mappingLineInvalid = "mapping_line_invalid"
        /// A date that must lie ahead (a deadline, a start) and is already past.
        case dateInPast = "date_in_past"
        /// Text that should be a PEM certificate and is not.
        case certificateInvalid = "certificate_invalid"

        public var messageKey: String { "validation.\(rawValue)" }
    }
}
