import Domain
import Fluent
import Foundation
import Vapor

/// An evaluation's matrix in the JSON API: criteria, candidates, scores and the decision.
extension EvaluationAPIController {
    func addCriterion(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(CriterionBody.self)
        let evaluation = try await service(req).addCriterion(
            id, expectedVersion: version, name: body.name, kind: body.kind ?? CriterionKind.scored.rawValue, weight: body.weight)
        return try await respond(req, evaluation, status: .created)
    }

    func removeCriterion(_ req: Request) async throws -> Response {
        try await respond(
            req, try await service(req).removeCriterion(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion()))
    }

    func addCandidate(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(CandidateBody.self)
        let input = EvaluationService.CandidateInput(
            name: body.name ?? "", assetModelID: body.assetModelId, softwareProductID: body.softwareProductId,
            price: try body.price?.money(field: "price"), notes: body.notes ?? "")
        return try await respond(req, try await service(req).addCandidate(id, expectedVersion: version, input), status: .created)
    }

    func removeCandidate(_ req: Request) async throws -> Response {
        try await respond(
            req, try await service(req).removeCandidate(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion()))
    }

    func setScores(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(ScoresBody.self)
        return try await respond(req, try await service(req).setScores(id, expectedVersion: version, body.matrix))
    }

    func decide(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(EvaluationDecisionBody.self)
        return try await respond(
            req, try await service(req).decide(id, expectedVersion: version, candidate: body.candidateId, rationale: body.rationale ?? ""))
    }
}
