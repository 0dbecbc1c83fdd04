import Domain
import Fluent
import Foundation
import Vapor

/// Evaluations: the need, criteria, candidates, scores and the decision. Every change goes through the evaluation's
/// version and leaves one audit entry with the criteria, candidates and scores before and after. Once decided, an
/// evaluation is kept as it was decided. The ranking is `Domain.EvaluationRanking`.
struct EvaluationService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: The evaluation

    struct Input: Sendable {
        var title: String
        var need = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(title, field: "title")].compactMap { $0 }
            if need.count > 5000 { errors.append(FieldError(field: "need", code: .tooLong)) }
            return errors
        }
    }

    func create(_ input: Input) async throws -> Evaluation {
        try InputCheck.check(input.validate())
        let evaluation = Evaluation()
        evaluation.title = input.title.trimmingCharacters(in: .whitespaces)
        evaluation.need = input.need.trimmingCharacters(in: .whitespacesAndNewlines)
        evaluation.rationale = ""
        evaluation.createdAt = app.services.clock.now()
        return try await app.createAudited(evaluation, actor: actor)
    }

    func update(_ id: UUID, expectedVersion: Int?, _ input: Input) async throws -> Evaluation {
        try InputCheck.check(input.validate())
        return try await change(id, expectedVersion: expectedVersion) { evaluation, _ in
            evaluation.title = input.title.trimmingCharacters(in: .whitespaces)
            evaluation.need = input.need.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// One audited change under the evaluation's version; `open` refuses it once the evaluation is decided.
    func change(
        _ id: UUID, expectedVersion: Int?, action: String = "update", open: Bool = false,
        _ apply: @escaping @Sendable (Evaluation, any Database) async throws -> Void
    ) async throws -> Evaluation {
        try await app.updateAudited(
            Evaluation.self, id: id, expectedVersion: expectedVersion, actor: actor, action: action,
            load: { evaluation, db in try await Self.loadSummary(evaluation, on: db) }
        ) { evaluation, db in
            if open, evaluation.isDecided { throw ValidationFailure([FieldError(field: "evaluation", code: .evaluationDecided)]) }
            try await apply(evaluation, db)
            // Criteria, candidates and scores live in rows of their own: read them again for the snapshot after.
            try await Self.loadSummary(evaluation, on: db)
        }
    }

    /// Criteria ("Battery life ×20"), candidates ("Latitude 5440 EUR 1040.00") and scores, one line each, for the audit trail.
    static func loadSummary(_ evaluation: Evaluation, on db: any Database) async throws {
        let detail = try await detail(evaluation.id!, on: db)
        evaluation.criteriaSummary = detail.criteria.map { "\($0.name) ×\($0.weight)\($0.kind == .price ? " (price)" : "")" }
            .joined(separator: "; ")
        evaluation.candidatesSummary = detail.candidates.map { [$0.name, $0.price?.description].compactMap { $0 }.joined(separator: " ") }
            .joined(separator: "; ")
        let names = Dictionary(uniqueKeysWithValues: detail.criteria.map { ($0.id!, $0.name) })
        evaluation.scoresSummary = detail.candidates.map { candidate in
            let row = (detail.scores[candidate.id!] ?? [:]).sorted { (names[$0.key] ?? "") < (names[$1.key] ?? "") }
                .map { "\(names[$0.key] ?? "") \($0.value)" }
            return "\(candidate.name): \(row.joined(separator: ", "))"
        }.joined(separator: "; ")
    }
}
