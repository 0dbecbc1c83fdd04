import Domain
import Fluent
import Foundation
import Vapor

/// Scores and the decision.
extension EvaluationService {
    // MARK: Scores and the decision

    /// Sets the given scores (candidate → criterion → 0…10); nil removes one. Scores of price criteria are computed, not set.
    func setScores(_ id: UUID, expectedVersion: Int?, _ scores: [UUID: [UUID: Int?]]) async throws -> Evaluation {
        for (_, row) in scores {
            for (_, score) in row {
                if let score, !(0...10).contains(score) { throw ValidationFailure([FieldError(field: "scores", code: .outOfRange)]) }
            }
        }
        return try await change(id, expectedVersion: expectedVersion, open: true) { _, db in
            let criteria = Dictionary(
                uniqueKeysWithValues: try await EvaluationCriterion.query(on: db).filter(\.$evaluationID == id).all().map { ($0.id!, $0) })
            let candidates = Set(try await EvaluationCandidate.query(on: db).filter(\.$evaluationID == id).all().compactMap(\.id))
            for (candidateID, row) in scores {
                guard candidates.contains(candidateID) else { throw ValidationFailure([FieldError(field: "scores", code: .notFound)]) }
                for (criterionID, score) in row {
                    guard let criterion = criteria[criterionID] else {
                        throw ValidationFailure([FieldError(field: "scores", code: .notFound)])
                    }
                    guard criterion.kind == .scored else { throw ValidationFailure([FieldError(field: "scores", code: .invalid)]) }
                    let existing = try await EvaluationScore.query(on: db).filter(\.$candidateID == candidateID)
                        .filter(\.$criterionID == criterionID).first()
                    if let score {
                        let row = existing ?? EvaluationScore()
                        row.candidateID = candidateID
                        row.criterionID = criterionID
                        row.score = score
                        try await row.save(on: db)
                    } else if let existing {
                        try await existing.delete(on: db)
                    }
                }
            }
        }
    }

    /// Records the choice and why; the evaluation is then kept as decided.
    func decide(_ id: UUID, expectedVersion: Int?, candidate candidateID: UUID?, rationale: String) async throws -> Evaluation {
        var errors: [FieldError] = []
        if candidateID == nil { errors.append(FieldError(field: "candidateId", code: .required)) }
        if let error = Validate.required(rationale, field: "rationale", maxLength: 5000) { errors.append(error) }
        try InputCheck.check(errors)
        let (now, label) = (app.services.clock.now(), actor.label)
        return try await change(id, expectedVersion: expectedVersion, action: "decide", open: true) { evaluation, db in
            guard let candidate = try await EvaluationCandidate.find(candidateID!, on: db), candidate.evaluationID == id else {
                throw ValidationFailure([FieldError(field: "candidateId", code: .notFound)])
            }
            evaluation.chosenCandidateID = candidate.id
            evaluation.rationale = rationale.trimmingCharacters(in: .whitespacesAndNewlines)
            evaluation.decidedAt = now
            evaluation.decidedBy = label
        }
    }
}
