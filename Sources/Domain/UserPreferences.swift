import Foundation

/// What a person chooses for how pages show them things: the time zone times are shown in (else the organisation's),
/// the rows a list shows per page (else 50), and light or dark colours (else what their system prefers).
public struct UserPreferences: Sendable, Equatable {
    public enum ColourScheme: String, CaseIterable, Sendable {
        case system, light, dark
        public var labelKey: String { "preferences.scheme.\(rawValue)" }
    }

    /// The choices a list offers for its rows per page.
    public static let pageSizes = [25, 50, 100, 200]

    public var timeZone: String?
    public var pageSize: Int?
    public var scheme: ColourScheme

    public init(timeZone: String? = nil, pageSize: Int? = nil, scheme: ColourScheme = .system) {
        (self.timeZone, self.pageSize, self.scheme) = (timeZone, pageSize, scheme)
    }

    /// The choices as stored: a scheme stored as nothing (or unknown) is the system's.
    public init(storedTimeZone timeZone: String?, pageSize: Int?, scheme: String?) {
        self.init(timeZone: timeZone, pageSize: pageSize, scheme: scheme.flatMap(ColourScheme.init(rawValue:)) ?? .system)
    }

    /// Parses the profile form's text: an empty zone or size means "the default".
    public static func parse(timeZone: String, pageSize: String, scheme: String) -> Result<UserPreferences, ValidationFailure> {
        var errors: [FieldError] = []
        let zone = timeZone.trimmingCharacters(in: .whitespaces)
        if !zone.isEmpty, TimeZone(identifier: zone) == nil { errors.append(FieldError(field: "timeZone", code: .invalid, value: zone)) }
        let size = Int(pageSize)
        if !pageSize.isEmpty, size.map({ !pageSizes.contains($0) }) ?? true {
            errors.append(FieldError(field: "pageSize", code: .invalid, value: pageSize))
        }
        let colours = ColourScheme(rawValue: scheme)
        if colours == nil { errors.append(FieldError(field: "scheme", code: .invalid, value: scheme)) }
        guard errors.isEmpty, let colours else { return .failure(ValidationFailure(errors)) }
        return .success(UserPreferences(timeZone: zone.isEmpty ? nil : zone, pageSize: size, scheme: colours))
    }
}
