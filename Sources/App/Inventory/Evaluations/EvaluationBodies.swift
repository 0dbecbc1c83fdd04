import Domain
import Foundation
import Vapor

struct CriterionBody: APIRequestBody {
    let name: String
    let kind: String?
    let weight: Int?

    static let fieldNames: Set<String> = ["name", "kind", "weight"]
    func validate() -> [FieldError] { [] }  // EvaluationService.addCriterion.

    static let schema = JSONSchema.object(
        properties: [
            "name": .string(), "kind": .string(enumeration: CriterionKind.allCases.map(\.rawValue)),
            "weight": .integer(minimum: 1, maximum: 100),
        ], required: ["name", "weight"])
}

struct CandidateBody: APIRequestBody {
    let name: String?
    let assetModelId: UUID?
    let softwareProductId: UUID?
    let price: MoneyDTO?
    let notes: String?

    static let fieldNames: Set<String> = ["name", "assetModelId", "softwareProductId", "price", "notes"]
    func validate() -> [FieldError] { [] }  // EvaluationService.addCandidate.

    static let schema = JSONSchema.object(
        properties: [
            "name": .string(), "assetModelId": .nullable(.string(format: "uuid")), "softwareProductId": .nullable(.string(format: "uuid")),
            "price": .nullable(.ref("Money")), "notes": .string(),
        ], required: [])
}

struct ScoresBody: APIRequestBody {
    struct Score: Codable, Sendable {
        let candidateId: UUID
        let criterionId: UUID
        let score: Int?
    }

    let scores: [Score]

    static let fieldNames: Set<String> = ["scores"]
    func validate() -> [FieldError] { [] }  // EvaluationService.setScores.

    var matrix: [UUID: [UUID: Int?]] {
        var matrix: [UUID: [UUID: Int?]] = [:]
        for score in scores { matrix[score.candidateId, default: [:]][score.criterionId] = .some(score.score) }
        return matrix
    }

    static let schema = JSONSchema.object(
        properties: [
            "scores": .array(
                .object(
                    properties: [
                        "candidateId": .string(format: "uuid"), "criterionId": .string(format: "uuid"),
                        "score": .nullable(.integer(minimum: 0, maximum: 10)),
                    ], required: ["candidateId", "criterionId"]))
        ], required: ["scores"])
}

struct EvaluationDecisionBody: APIRequestBody {
    let candidateId: UUID?
    let rationale: String?

    static let fieldNames: Set<String> = ["candidateId", "rationale"]
    func validate() -> [FieldError] { [] }  // EvaluationService.decide.

    static let schema = JSONSchema.object(
        properties: ["candidateId": .string(format: "uuid"), "rationale": .string()], required: ["candidateId", "rationale"])
}
