import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The demo company's one evaluation: how its current laptop was chosen, two and a half years ago, with what was bought
/// since. Written directly (the decision lies in the past, before the service's clock) with one audit entry holding the
/// evaluation as it was decided.
enum DemoEvaluation {
    static func load(into app: Application) async throws {
        guard try await Evaluation.query(on: app.db).count() == 0 else { return }
        let thinkpad = try await AssetModel.query(on: app.db).filter(\.$name == "ThinkPad T14 Gen 4").first()
        let macbook = try await AssetModel.query(on: app.db).filter(\.$name == "MacBook Air 13 M2").first()
        guard let thinkpad, let macbook else { return }
        let now = app.services.clock.now()
        let decidedAt = Calendar(identifier: .gregorian).date(byAdding: .month, value: -30, to: now) ?? now
        let id = UUID()
        let criteria: [(UUID, String, CriterionKind, Int)] = [
            (UUID(), "Build quality and keyboard", .scored, 30), (UUID(), "Battery life", .scored, 20),
            (UUID(), "Fits our Intune and docking setup", .scored, 25), (UUID(), "Price", .price, 25),
        ]
        let candidates: [(UUID, String, UUID?, Int64, String, [Int])] = [
            (UUID(), "Lenovo ThinkPad T14 Gen 4", thinkpad.id, 134_900, "3 years on-site warranty through Atea", [9, 7, 10]),
            (UUID(), "Apple MacBook Air 13 M2", macbook.id, 129_900, "", [9, 10, 4]),
            (UUID(), "Dell Latitude 5440", nil, 119_000, "Offered by Bechtle", [7, 8, 10]),
        ]
        try await app.write { db in
            let sql = db.sql
            try await sql.insert(into: Evaluation.schema).columns(
                "id", "title", "need", "chosen_candidate_id", "rationale", "decided_at", "decided_by", "version", "created_at", "updated_at"
            ).values(
                SQLBind(id), SQLBind("Laptops for the 2024 refresh"),
                SQLBind("About a hundred laptops for sales, finance and the office staff at all three sites, replacing the T14 Gen 2."),
                SQLBind(candidates[0].0),
                SQLBind(
                    "Highest weighted score; works with the docking stations and Intune profiles we already have, and Atea's on-site warranty covers all three sites."
                ),
                SQLBind(decidedAt), SQLBind("Karin Lindqvist"), SQLBind(1), SQLBind(decidedAt), SQLBind(decidedAt)
            ).run()
            var rows = sql.insert(into: EvaluationCriterion.schema).columns("id", "evaluation_id", "name", "kind", "weight", "position")
            for (index, criterion) in criteria.enumerated() {
                rows = rows.values(
                    SQLBind(criterion.0), SQLBind(id), SQLBind(criterion.1), SQLBind(criterion.2.rawValue), SQLBind(criterion.3),
                    SQLBind(index + 1))
            }
            try await rows.run()
            var options = sql.insert(into: EvaluationCandidate.schema).columns(
                "id", "evaluation_id", "name", "asset_model_id", "software_product_id", "price_minor", "price_currency", "notes", "position"
            )
            var scores = sql.insert(into: EvaluationScore.schema).columns("id", "candidate_id", "criterion_id", "score")
            for (index, candidate) in candidates.enumerated() {
                options = options.values(
                    SQLBind(candidate.0), SQLBind(id), SQLBind(candidate.1), SQLBind(candidate.2), SQLBind(UUID?.none),
                    SQLBind(candidate.3),
                    SQLBind(Currency.eur.code), SQLBind(candidate.4), SQLBind(index + 1))
                for (criterion, score) in zip(criteria, candidate.5) {
                    scores = scores.values(SQLBind(UUID()), SQLBind(candidate.0), SQLBind(criterion.0), SQLBind(score))
                }
            }
            try await options.run()
            try await scores.run()
            guard let evaluation = try await Evaluation.find(id, on: db) else { return }
            try await EvaluationService.loadSummary(evaluation, on: db)
            try await AuditLog.append(
                on: db, actor: .system, action: "demo.load_evaluation", entityType: Evaluation.auditEntityType, entityID: id.uuidString,
                changes: AuditLog.diff(before: nil, after: evaluation.auditFields), at: now)
        }
    }
}
