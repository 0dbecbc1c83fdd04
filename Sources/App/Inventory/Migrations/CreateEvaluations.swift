import Domain
import Fluent
import Foundation
import SQLKit

struct CreateEvaluations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evaluations")
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
        try await database.schema("evaluation_criteria")
            .id()
            .field("evaluation_id", .uuid, .required, .references("evaluations", "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("weight", .int, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema("evaluation_candidates")
            .id()
            .field("evaluation_id", .uuid, .required, .references("evaluations", "id"))
            .field("name", .string, .required)
            .field("asset_model_id", .uuid, .references("asset_models", "id"))
            .field("software_product_id", .uuid, .references("software_products", "id"))
            .field("price_minor", .int64)
            .field("price_currency", .string)
            .field("notes", .string, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema("evaluation_scores")
            .id()
            .field("candidate_id", .uuid, .required, .references("evaluation_candidates", "id"))
            .field("criterion_id", .uuid, .required, .references("evaluation_criteria", "id"))
            .field("score", .int, .required)
            .unique(on: "candidate_id", "criterion_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "evaluation_candidates_by_model").on("evaluation_candidates").column("asset_model_id").run()
    }

    // Loses every evaluation with its criteria, candidates, scores and decisions.
    func revert(on database: any Database) async throws {
        try await database.schema("evaluation_scores").delete()
        try await database.schema("evaluation_candidates").delete()
        try await database.schema("evaluation_criteria").delete()
        try await database.schema("evaluations").delete()
    }
}
