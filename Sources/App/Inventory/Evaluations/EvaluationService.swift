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

    // MARK: Criteria and candidates

    func addCriterion(_ id: UUID, expectedVersion: Int?, name: String, kind: String, weight: Int?) async throws -> Evaluation {
        var errors = [Validate.required(name, field: "name")].compactMap { $0 }
        let kind = CriterionKind(rawValue: kind)
        if kind == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
        if let weight, !(1...100).contains(weight) { errors.append(FieldError(field: "weight", code: .outOfRange)) }
        if weight == nil { errors.append(FieldError(field: "weight", code: .required)) }
        try InputCheck.check(errors)
        return try await change(id, expectedVersion: expectedVersion, open: true) { _, db in
            let criterion = EvaluationCriterion()
            criterion.evaluationID = id
            criterion.name = name.trimmingCharacters(in: .whitespaces)
            criterion.kindRaw = kind!.rawValue
            criterion.weight = weight!
            criterion.position = try await EvaluationCriterion.query(on: db).filter(\.$evaluationID == id).count() + 1
            try await criterion.create(on: db)
        }
    }

    func removeCriterion(_ criterionID: UUID, expectedVersion: Int?) async throws -> Evaluation {
        guard let criterion = try await EvaluationCriterion.find(criterionID, on: app.db) else { throw AppError.notFound }
        return try await change(criterion.evaluationID, expectedVersion: expectedVersion, open: true) { _, db in
            try await EvaluationScore.query(on: db).filter(\.$criterionID == criterionID).delete()
            try await EvaluationCriterion.query(on: db).filter(\.$id == criterionID).delete()
        }
    }

    struct CandidateInput: Sendable {
        var name: String
        var assetModelID: UUID?
        var softwareProductID: UUID?
        var price: Money?
        var notes = ""
    }

    func addCandidate(_ id: UUID, expectedVersion: Int?, _ input: CandidateInput) async throws -> Evaluation {
        var errors: [FieldError] = []
        if let price = input.price, price.minorUnits < 0 { errors.append(FieldError(field: "price", code: .outOfRange)) }
        if input.notes.count > 2000 { errors.append(FieldError(field: "notes", code: .tooLong)) }
        if input.name.count > 200 { errors.append(FieldError(field: "name", code: .tooLong)) }
        try InputCheck.check(errors)
        return try await change(id, expectedVersion: expectedVersion, open: true) { _, db in
            var name = input.name.trimmingCharacters(in: .whitespaces)
            if let modelID = input.assetModelID {
                guard let model = try await AssetModel.find(modelID, on: db) else {
                    throw ValidationFailure([FieldError(field: "assetModelId", code: .notFound)])
                }
                if name.isEmpty {
                    let maker = try await Manufacturer.find(model.manufacturerID, on: db)?.name ?? ""
                    name = [maker, model.name].filter { !$0.isEmpty }.joined(separator: " ")
                }
            }
            if let productID = input.softwareProductID {
                guard let product = try await SoftwareProduct.find(productID, on: db) else {
                    throw ValidationFailure([FieldError(field: "softwareProductId", code: .notFound)])
                }
                if name.isEmpty { name = product.label }
            }
            guard !name.isEmpty else { throw ValidationFailure([FieldError(field: "name", code: .required)]) }
            let candidate = EvaluationCandidate()
            candidate.evaluationID = id
            candidate.name = name
            candidate.assetModelID = input.assetModelID
            candidate.softwareProductID = input.softwareProductID
            candidate.priceMinor = input.price?.minorUnits
            candidate.priceCurrency = input.price?.currency.code
            candidate.notes = input.notes.trimmingCharacters(in: .whitespacesAndNewlines)
            candidate.position = try await EvaluationCandidate.query(on: db).filter(\.$evaluationID == id).count() + 1
            try await candidate.create(on: db)
        }
    }

    func removeCandidate(_ candidateID: UUID, expectedVersion: Int?) async throws -> Evaluation {
        guard let candidate = try await EvaluationCandidate.find(candidateID, on: app.db) else { throw AppError.notFound }
        return try await change(candidate.evaluationID, expectedVersion: expectedVersion, open: true) { _, db in
            try await EvaluationScore.query(on: db).filter(\.$candidateID == candidateID).delete()
            try await EvaluationCandidate.query(on: db).filter(\.$id == candidateID).delete()
        }
    }

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

    /// One audited change under the evaluation's version; `open` refuses it once the evaluation is decided.
    private func change(
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
