import Domain
import Fluent
import Foundation
import SQLKit

/// A documented selection ("new laptops for sales"): the need, weighted criteria, the candidates with their scores and
/// prices, and the decision with its rationale. Criteria, candidates and scores are rows of their own; the evaluation's
/// version covers them all, so two people scoring at once cannot overwrite each other.
final class Evaluation: Model, @unchecked Sendable {
    static let schema = "evaluations"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "need") var need: String
    @OptionalField(key: "chosen_candidate_id") var chosenCandidateID: UUID?
    @Field(key: "rationale") var rationale: String
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// Criteria, candidates and scores as one line each, when loaded (`EvaluationService.loadSummary`): part of the
    /// audit snapshot, so the trail shows how a ranking came about.
    var criteriaSummary = ""
    var candidatesSummary = ""
    var scoresSummary = ""

    init() {}

    var isDecided: Bool { chosenCandidateID != nil }

    var auditFields: [String: String] {
        [
            "title": title, "need": need, "chosen": chosenCandidateID?.uuidString ?? "", "rationale": rationale,
            "criteria": criteriaSummary, "candidates": candidatesSummary, "scores": scoresSummary,
        ]
    }
}

final class EvaluationCriterion: Model, @unchecked Sendable {
    static let schema = "evaluation_criteria"

    @ID(key: .id) var id: UUID?
    @Field(key: "evaluation_id") var evaluationID: UUID
    @Field(key: "name") var name: String
    @Field(key: "kind") var kindRaw: String
    @Field(key: "weight") var weight: Int
    @Field(key: "position") var position: Int

    init() {}

    var kind: CriterionKind { CriterionKind(rawValue: kindRaw) ?? .scored }
}

final class EvaluationCandidate: Model, @unchecked Sendable {
    static let schema = "evaluation_candidates"

    @ID(key: .id) var id: UUID?
    @Field(key: "evaluation_id") var evaluationID: UUID
    @Field(key: "name") var name: String
    /// The hardware model or software product the candidate is, so that what is bought later links back here.
    @OptionalField(key: "asset_model_id") var assetModelID: UUID?
    @OptionalField(key: "software_product_id") var softwareProductID: UUID?
    @OptionalField(key: "price_minor") var priceMinor: Int64?
    @OptionalField(key: "price_currency") var priceCurrency: String?
    @Field(key: "notes") var notes: String
    @Field(key: "position") var position: Int

    init() {}

    var price: Money? { Money(minorUnits: priceMinor, currencyCode: priceCurrency) }
}

final class EvaluationScore: Model, @unchecked Sendable {
    static let schema = "evaluation_scores"

    @ID(key: .id) var id: UUID?
    @Field(key: "candidate_id") var candidateID: UUID
    @Field(key: "criterion_id") var criterionID: UUID
    @Field(key: "score") var score: Int

    init() {}
}

extension Evaluation: VersionedRecord {
    static let auditEntityType = "evaluation"
    var auditLabel: String { title }
    static func auditPath(_ id: UUID) -> String? { Paths.evaluation.path(id) }
}

extension EvaluationCandidate: AuditSubject {
    static let auditEntityType = "evaluation_candidate"
    var auditLabel: String { name }
}
