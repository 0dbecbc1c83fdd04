import Foundation

/// How a criterion of an evaluation is scored.
public enum CriterionKind: String, CaseIterable, Sendable, Codable {
    /// People score each candidate from 0 to 10.
    case scored
    /// Computed from the candidates' prices: the cheapest scores 10, the others in proportion (half the price's
    /// candidate scores 5 at twice the price).
    case price

    public var labelKey: String { "evaluation.criterion.\(rawValue)" }
}

/// The weighted ranking of an evaluation's candidates, as a selection is documented: every criterion has a weight,
/// every candidate a score from 0 to 10 per criterion, and the total is the weighted mean, kept in hundredths so that
/// it is exact and orders the same everywhere.
public struct EvaluationRanking: Sendable, Equatable {
    public struct Criterion: Sendable, Equatable {
        public let id: UUID
        public let kind: CriterionKind
        /// 1 to 100.
        public let weight: Int

        public init(id: UUID, kind: CriterionKind, weight: Int) {
            self.id = id
            self.kind = kind
            self.weight = weight
        }
    }

    public struct Candidate: Sendable, Equatable {
        public let id: UUID
        public let name: String
        public let price: Money?
        /// Scores by criterion, 0 to 10; a missing one counts as 0 and is reported.
        public let scores: [UUID: Int]

        public init(id: UUID, name: String, price: Money?, scores: [UUID: Int]) {
            self.id = id
            self.name = name
            self.price = price
            self.scores = scores
        }
    }

    public struct Entry: Sendable, Equatable {
        public let candidateID: UUID
        /// 1 for the best; candidates with equal totals share a rank.
        public let rank: Int
        /// The weighted mean score in hundredths: 1000 is a perfect 10.00.
        public let total: Int
        /// Each criterion's score as used, price scores included.
        public let scores: [UUID: Int]
        /// Criteria without a score for this candidate.
        public let missing: [UUID]
    }

    public let entries: [Entry]
    /// Why price scores could not be computed: candidates without a price, or prices in different currencies.
    public let priceProblem: PriceProblem?

    public enum PriceProblem: String, Sendable, Equatable {
        case missingPrice = "missing_price"
        case mixedCurrencies = "mixed_currencies"
    }
}
