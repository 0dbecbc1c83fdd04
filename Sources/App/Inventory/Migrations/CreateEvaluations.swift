import Domain
import Fluent
import Foundation
import SQLKit

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
