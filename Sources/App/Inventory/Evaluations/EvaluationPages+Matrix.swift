import Domain
import Fluent
import Foundation
import Vapor

/// Changing an evaluation's matrix from its page: criteria, candidates, scores and the decision.
extension EvaluationPages {
    /// Runs a change from the evaluation page and comes back to it; refusals show there, in the reader's language.
    private func onPage(
        _ req: Request, evaluation id: UUID, _ change: () async throws -> Evaluation
    ) async throws -> Response {
        return try await req.submit {
            _ = try await change()
            return req.redirect(to: Paths.evaluation.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await detailPage(req, id: id, stale: true, status: .conflict)
        }
    }

    func addCriterion(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        let weight = Int(form["weight"].trimmingCharacters(in: .whitespaces))
        if weight == nil, !form["weight"].isEmpty {
            return try await detailPage(
                req, id: id, errors: ValidationFailure([FieldError(field: "weight", code: .invalid)]), status: .unprocessableEntity)
        }
        return try await onPage(req, evaluation: id) {
            try await service(req).addCriterion(
                id, expectedVersion: form.version ?? 0, name: form["name"], kind: form["kind"], weight: weight)
        }
    }

    func addCandidate(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        var errors: [FieldError] = []
        let currency = try await OrganisationSettings.current(on: req.db).defaultCurrency
        let price = MoneyField.read(form["price"], currency: form["currency"], defaultCurrency: currency, field: "price", into: &errors)
        if !errors.isEmpty { return try await detailPage(req, id: id, errors: ValidationFailure(errors), status: .unprocessableEntity) }
        let input = EvaluationService.CandidateInput(
            name: form["name"], assetModelID: UUID(uuidString: form["assetModelId"]),
            softwareProductID: UUID(uuidString: form["softwareProductId"]),
            price: price, notes: form["notes"])
        return try await onPage(req, evaluation: id) { try await service(req).addCandidate(id, expectedVersion: form.version ?? 0, input) }
    }

    /// The score matrix arrives as one field per cell, `s_<candidate>_<criterion>`; an empty cell removes a score.
    func setScores(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        let detail = try await EvaluationService.detail(id, on: req.db)
        var matrix: [UUID: [UUID: Int?]] = [:]
        for candidate in detail.candidates {
            for criterion in detail.criteria where criterion.kind == .scored {
                let text = form["s_\(candidate.id!)_\(criterion.id!)"].trimmingCharacters(in: .whitespaces)
                guard let score = text.isEmpty ? Int?.none : Int(text) else {
                    return try await detailPage(
                        req, id: id, errors: ValidationFailure([FieldError(field: "scores", code: .invalid)]), status: .unprocessableEntity)
                }
                matrix[candidate.id!, default: [:]][criterion.id!] = .some(score)
            }
        }
        return try await onPage(req, evaluation: id) { try await service(req).setScores(id, expectedVersion: form.version ?? 0, matrix) }
    }

    func decide(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        return try await onPage(req, evaluation: id) {
            try await service(req).decide(
                id, expectedVersion: form.version ?? 0, candidate: UUID(uuidString: form["candidateId"]), rationale: form["rationale"])
        }
    }

    func removeCriterion(_ req: Request) async throws -> Response {
        let criterionID = try req.requireID()
        guard let criterion = try await EvaluationCriterion.find(criterionID, on: req.db) else { throw AppError.notFound }
        let form = try req.content.decode(FormBody.self).form
        return try await onPage(req, evaluation: criterion.evaluationID) {
            try await service(req).removeCriterion(criterionID, expectedVersion: form.version ?? 0)
        }
    }

    func removeCandidate(_ req: Request) async throws -> Response {
        let candidateID = try req.requireID()
        guard let candidate = try await EvaluationCandidate.find(candidateID, on: req.db) else { throw AppError.notFound }
        let form = try req.content.decode(FormBody.self).form
        return try await onPage(req, evaluation: candidate.evaluationID) {
            try await service(req).removeCandidate(candidateID, expectedVersion: form.version ?? 0)
        }
    }
}
