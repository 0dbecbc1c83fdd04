import Domain
import Fluent
import Foundation
import Vapor

/// Reading an evaluation: everything it holds with its ranking, what was bought, and which one is choosing a model.
extension EvaluationService {
    /// An evaluation with everything it holds and its computed ranking.
    struct Detail: Sendable {
        let evaluation: Evaluation
        let criteria: [EvaluationCriterion]
        let candidates: [EvaluationCandidate]
        let scores: [UUID: [UUID: Int]]
        let ranking: EvaluationRanking
    }

    static func detail(_ id: UUID, on db: any Database) async throws -> Detail {
        guard let evaluation = try await Evaluation.find(id, on: db) else { throw AppError.notFound }
        let criteria = try await EvaluationCriterion.query(on: db).filter(\.$evaluationID == id).sort(\.$position).all()
        let candidates = try await EvaluationCandidate.query(on: db).filter(\.$evaluationID == id).sort(\.$position).all()
        let ids = candidates.compactMap(\.id)
        let rows = ids.isEmpty ? [] : try await EvaluationScore.query(on: db).filter(\.$candidateID ~~ ids).all()
        var scores: [UUID: [UUID: Int]] = [:]
        for row in rows { scores[row.candidateID, default: [:]][row.criterionID] = row.score }
        let ranking = EvaluationRanking(
            criteria: criteria.map { .init(id: $0.id!, kind: $0.kind, weight: $0.weight) },
            candidates: candidates.map { .init(id: $0.id!, name: $0.name, price: $0.price, scores: scores[$0.id!] ?? [:]) })
        return Detail(evaluation: evaluation, criteria: criteria, candidates: candidates, scores: scores, ranking: ranking)
    }

    /// The assets of the chosen hardware model bought since the decision (purchased on or after its day, or recorded after
    /// it without a purchase date), by tag: what the selection led to.
    static func bought(_ detail: Detail, on db: any Database, limit: Int = 500) async throws -> [Asset] {
        guard let chosen = detail.evaluation.chosenCandidateID, let decidedAt = detail.evaluation.decidedAt,
            let model = detail.candidates.first(where: { $0.id == chosen })?.assetModelID
        else { return [] }
        let day = CalendarDate(decidedAt, in: .gmt).description
        return try await Asset.query(on: db).filter(\.$modelID == model)
            .group(.or) { group in
                group.filter(\.$purchaseDateText >= day)
                group.group(.and) { $0.filter(\.$purchaseDateText == nil).filter(\.$createdAt >= decidedAt) }
            }
            .sort(\.$tagKey).limit(limit).all()
    }

    /// The latest decided evaluation that chose the model.
    static func choosing(model: UUID, on db: any Database) async throws -> Evaluation? {
        let candidates = try await EvaluationCandidate.query(on: db).filter(\.$assetModelID == model).all().compactMap(\.id)
        guard !candidates.isEmpty else { return nil }
        return try await Evaluation.query(on: db).filter(\.$chosenCandidateID ~~ candidates).sort(\.$decidedAt, .descending).first()
    }
}
