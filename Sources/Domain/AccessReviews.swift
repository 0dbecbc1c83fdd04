import Foundation

/// Recertification of access (ISO 27001 A.5.18): each person's manager confirms or takes away each of their access
/// by a deadline.
public enum AccessDecision: String, Sendable, CaseIterable, Codable {
    case pending
    /// Still needed: kept.
    case confirmed
    /// No longer needed: taken away.
    case revoked

    public var labelKey: String { "review.decision.\(rawValue)" }
}

public enum AccessReviews {
    /// Who answers for a person's access: their manager; without one, the application's owner; without either,
    /// nobody named (those who manage applications decide).
    public static func reviewer(manager: UUID?, owner: UUID?, person: UUID) -> UUID? {
        if let manager, manager != person { return manager }
        if let owner, owner != person { return owner }
        return nil
    }

    /// How far a review has come.
    public struct Progress: Sendable, Equatable {
        public var pending = 0
        public var confirmed = 0
        public var revoked = 0

        public init(pending: Int = 0, confirmed: Int = 0, revoked: Int = 0) {
            (self.pending, self.confirmed, self.revoked) = (pending, confirmed, revoked)
        }

        public init(_ decisions: some Sequence<AccessDecision>) {
            for decision in decisions {
                switch decision {
                case .pending: pending += 1
                case .confirmed: confirmed += 1
                case .revoked: revoked += 1
                }
            }
        }

        public var total: Int { pending + confirmed + revoked }
        public var decided: Int { confirmed + revoked }
        /// Whole per cent decided, rounded down (100 only when all are).
        public var percent: Int { total == 0 ? 100 : decided * 100 / total }
    }

    /// Undecided items are overdue once the deadline day has passed in the organisation's calendar.
    public static func isOverdue(deadline: CalendarDate, today: CalendarDate, decision: AccessDecision) -> Bool {
        decision == .pending && today > deadline
    }
}
