import Foundation

/// How access to one of the company's applications is given: by membership of directory groups, or by a person who
/// follows written instructions (the application's owner or IT).
public enum AccessMethod: String, CaseIterable, Codable, Sendable {
    case directoryGroup = "directory_group"
    case manual

    public var labelKey: String { "application.method.\(rawValue)" }
}

/// Where a person is placed in the organisation, as far as who gets which application by default is concerned.
public struct Placement: Sendable, Equatable {
    public let departmentID: UUID?
    public let siteID: UUID?
    public let jobTitle: String?

    public init(departmentID: UUID?, siteID: UUID?, jobTitle: String?) {
        self.departmentID = departmentID
        self.siteID = siteID
        self.jobTitle = jobTitle
    }
}

/// Who gets an application by default: everyone, a department, a site, or everyone with a job title. An application
/// has any number of these; a person who matches one gets it.
public enum AccessAudience: Sendable, Hashable, Codable {
    case everyone
    case department(UUID)
    case site(UUID)
    /// Compared without case and surrounding spaces: "IT Technician" is "it technician ".
    case jobTitle(String)

    public func includes(_ placement: Placement) -> Bool {
        switch self {
        case .everyone: true
        case .department(let id): placement.departmentID == id
        case .site(let id): placement.siteID == id
        case .jobTitle(let title): placement.jobTitle.map { Self.titleKey($0) == Self.titleKey(title) } ?? false
        }
    }

    static func titleKey(_ title: String) -> String { title.trimmingCharacters(in: .whitespaces).lowercased() }

    /// The kind's name, as forms, the API and storage write it.
    public var kind: String {
        switch self {
        case .everyone: "everyone"
        case .department: "department"
        case .site: "site"
        case .jobTitle: "job_title"
        }
    }

    /// The value beside the kind: the department's or site's id, or the job title; empty for everyone.
    public var value: String {
        switch self {
        case .everyone: ""
        case .department(let id), .site(let id): id.uuidString
        case .jobTitle(let title): title
        }
    }

    /// Reads a kind and its value; nil for an unknown kind, a malformed id, or an empty job title.
    public init?(kind: String, value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        switch kind {
        case "everyone": self = .everyone
        case "department": guard let id = UUID(uuidString: trimmed) else { return nil }; self = .department(id)
        case "site": guard let id = UUID(uuidString: trimmed) else { return nil }; self = .site(id)
        case "job_title": guard !trimmed.isEmpty, trimmed.count <= 200 else { return nil }; self = .jobTitle(trimmed)
        default: return nil
        }
    }

    public static let kinds = ["everyone", "department", "site", "job_title"]

    private enum CodingKeys: String, CodingKey { case kind, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        let value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
        guard let audience = AccessAudience(kind: kind, value: value) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "not an audience: \(kind) \(value)")
        }
        self = audience
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(value, forKey: .value)
    }
}

/// What a person should have by default, and how that differs from what they have: the grants a joiner or mover
/// needs, and the default grants a mover no longer qualifies for. Grants given by hand (not by default) are never
/// proposed for removal: somebody decided them.
public enum DefaultAccess {
    public struct Application: Sendable, Equatable {
        public let id: UUID
        public let audiences: [AccessAudience]

        public init(id: UUID, audiences: [AccessAudience]) {
            self.id = id
            self.audiences = audiences
        }
    }

    public struct Held: Sendable, Equatable {
        public let applicationID: UUID
        public let byDefault: Bool

        public init(applicationID: UUID, byDefault: Bool) {
            self.applicationID = applicationID
            self.byDefault = byDefault
        }
    }

    public struct Difference: Sendable, Equatable {
        public var grant: [UUID] = []
        public var revoke: [UUID] = []
    }

    /// The applications a person placed so gets by default, in the order given.
    public static func due(_ applications: [Application], for placement: Placement) -> [UUID] {
        applications.filter { $0.audiences.contains { $0.includes(placement) } }.map(\.id)
    }

    public static func difference(_ applications: [Application], placement: Placement, held: [Held]) -> Difference {
        let due = Set(due(applications, for: placement))
        let heldIDs = Set(held.map(\.applicationID))
        return Difference(
            grant: applications.map(\.id).filter { due.contains($0) && !heldIDs.contains($0) },
            revoke: held.filter { $0.byDefault && !due.contains($0.applicationID) }.map(\.applicationID))
    }
}
