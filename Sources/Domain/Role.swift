/// The roles of DESIGN.md. The raw value is what is stored and what the API speaks.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable {
    case administrator
    case itManager = "it_manager"
    case technician
    case seniorITManager = "senior_it_manager"
    case executive
    case peopleOfficer = "people_officer"
    case employee

    /// The catalogue key of the role's display name.
    public var labelKey: String { "role.\(rawValue)" }
}
