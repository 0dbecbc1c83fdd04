import Foundation

/// An acceptable-use rule: what the organisation agreed is not to happen, checked each day against the usage
/// aggregates. A breach is a finding about a pseudonym, never a name.
public struct UsageRule: Sendable, Equatable, Codable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// Any request to a site of the category.
        case categoryBlocked = "category_blocked"
        /// More than `threshold` requests a day to sites of the category.
        case categoryLimit = "category_limit"
        /// More than `threshold` bytes a day in all.
        case dailyVolume = "daily_volume"
        /// More than `threshold` requests a day outside working hours.
        case outOfHours = "out_of_hours"
        /// Any message of at least the large-attachment size to a free-mail address.
        case largeFreeMail = "large_free_mail"

        public var labelKey: String { "usage.rule.kind.\(rawValue)" }
        public var needsCategory: Bool { self == .categoryBlocked || self == .categoryLimit }
        public var needsThreshold: Bool { self == .categoryLimit || self == .dailyVolume || self == .outOfHours }
    }

    public var kind: Kind
    public var category: String?
    public var threshold: Int64?

    public init(kind: Kind, category: String? = nil, threshold: Int64? = nil) {
        self.kind = kind
        self.category = category
        self.threshold = threshold
    }

    /// Every failing field; `categories` are the names there are.
    public func validate(categories: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        if kind.needsCategory {
            if let category, !category.isEmpty {
                if !categories.contains(category) { errors.append(FieldError(field: "category", code: .notFound)) }
            } else {
                errors.append(FieldError(field: "category", code: .required))
            }
        }
        if kind.needsThreshold {
            if let threshold {
                if threshold < 1 { errors.append(FieldError(field: "threshold", code: .outOfRange)) }
            } else {
                errors.append(FieldError(field: "threshold", code: .required))
            }
        }
        return errors
    }
}

/// Seeing who is behind a finding takes two people: one who asks, giving a reason, and a people officer — not the one
/// who asked — who approves or rejects. An approval opens that one finding to the one who asked, for a limited time.
public struct Reidentification: Sendable, Equatable {
    public enum Status: String, CaseIterable, Codable, Sendable {
        case pending, approved, rejected
        public var labelKey: String { "usage.reidentify.status.\(rawValue)" }
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// Only a pending request is decided.
        case alreadyDecided
        /// The four-eyes rule: the one who asked may not approve.
        case ownRequest
        /// A reason of at least a few words is needed.
        case reasonTooShort
    }

    public static let minimumReasonLength = 15

    public var status: Status
    public var requestedBy: String
    public var expiresAt: Date?

    public init(status: Status, requestedBy: String, expiresAt: Date? = nil) {
        self.status = status
        self.requestedBy = requestedBy
        self.expiresAt = expiresAt
    }

    public static func checkReason(_ reason: String) throws(Refusal) {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).count < minimumReasonLength { throw .reasonTooShort }
    }

    /// Decides the request as `decider`; an approval stays open `days` days from `now`.
    public mutating func decide(approve: Bool, by decider: String, now: Date, days: Int) throws(Refusal) {
        guard status == .pending else { throw .alreadyDecided }
        guard decider != requestedBy else { throw .ownRequest }
        status = approve ? .approved : .rejected
        expiresAt = approve ? now.addingTimeInterval(Double(days) * 86400) : nil
    }

    /// Whether `viewer` may see the person now: the one who asked, while the approval is open.
    public func isOpen(to viewer: String, at now: Date) -> Bool {
        status == .approved && viewer == requestedBy && (expiresAt.map { now < $0 } ?? false)
    }
}
