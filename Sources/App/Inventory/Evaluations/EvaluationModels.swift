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

struct CreateEvaluations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Evaluation.schema)
            .id()
            .field("title", .string, .required)
            .field("need", .string, .required)
            .field("chosen_candidate_id", .uuid)
            .field("rationale", .string, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(EvaluationCriterion.schema)
            .id()
            .field("evaluation_id", .uuid, .required, .references(Evaluation.schema, "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("weight", .int, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema(EvaluationCandidate.schema)
            .id()
            .field("evaluation_id", .uuid, .required, .references(Evaluation.schema, "id"))
            .field("name", .string, .required)
            .field("asset_model_id", .uuid, .references(AssetModel.schema, "id"))
            .field("software_product_id", .uuid, .references(SoftwareProduct.schema, "id"))
            .field("price_minor", .int64)
            .field("price_currency", .string)
            .field("notes", .string, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema(EvaluationScore.schema)
            .id()
            .field("candidate_id", .uuid, .required, .references(EvaluationCandidate.schema, "id"))
            .field("criterion_id", .uuid, .required, .references(EvaluationCriterion.schema, "id"))
            .field("score", .int, .required)
            .unique(on: "candidate_id", "criterion_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "evaluation_candidates_by_model").on(EvaluationCandidate.schema).column("asset_model_id").run()
    }

    // Loses every evaluation with its criteria, candidates, scores and decisions.
    func revert(on database: any Database) async throws {
        try await database.schema(EvaluationScore.schema).delete()
        try await database.schema(EvaluationCandidate.schema).delete()
        try await database.schema(EvaluationCriterion.schema).delete()
        try await database.schema(Evaluation.schema).delete()
    }
}

extension EvaluationCandidate: AuditSubject {
    static let auditEntityType = "evaluation_candidate"
    var auditLabel: String { name }
}
