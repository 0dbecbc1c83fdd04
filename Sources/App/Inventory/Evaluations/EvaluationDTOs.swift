import Domain
import Foundation
import Vapor

struct EvaluationDTO: Content {
    struct Criterion: Content {
        let id: UUID
        let name: String
        let kind: CriterionKind
        let weight: Int
    }

    struct Candidate: Content {
        let id: UUID
        let name: String
        let assetModelId: UUID?
        let softwareProductId: UUID?
        let price: MoneyDTO?
        let notes: String
        let rank: Int
        /// The weighted mean score in hundredths (745 = 7.45 of 10).
        let totalHundredths: Int
        /// Scores by criterion id, price scores as computed.
        let scores: [String: Int]
        let missing: [UUID]
    }

    let id: UUID
    let title: String
    let need: String
    let criteria: [Criterion]
    /// Best first.
    let candidates: [Candidate]
    let priceProblem: String?
    let chosenCandidateId: UUID?
    let rationale: String
    let decidedAt: Date?
    let decidedBy: String?
    /// Assets of the chosen model bought since the decision, by tag.
    let boughtAssetTags: [String]
    let version: Int

    init(_ detail: EvaluationService.Detail, bought: [Asset]) {
        let e = detail.evaluation
        (id, title, need, version) = (e.id!, e.title, e.need, e.version)
        criteria = detail.criteria.map { .init(id: $0.id!, name: $0.name, kind: $0.kind, weight: $0.weight) }
        let byID = Dictionary(uniqueKeysWithValues: detail.candidates.map { ($0.id!, $0) })
        candidates = detail.ranking.entries.compactMap { entry in
            guard let c = byID[entry.candidateID] else { return nil }
            return Candidate(
                id: c.id!, name: c.name, assetModelId: c.assetModelID, softwareProductId: c.softwareProductID,
                price: c.price.map(MoneyDTO.init),
                notes: c.notes, rank: entry.rank, totalHundredths: entry.total,
                scores: Dictionary(uniqueKeysWithValues: entry.scores.map { ($0.key.uuidString, $0.value) }), missing: entry.missing)
        }
        priceProblem = detail.ranking.priceProblem?.rawValue
        (chosenCandidateId, rationale, decidedAt, decidedBy) = (e.chosenCandidateID, e.rationale, e.decidedAt, e.decidedBy)
        boughtAssetTags = bought.map(\.tag)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "title": .string(), "need": .string(),
            "criteria": .array(
                .object(
                    properties: [
                        "id": .string(format: "uuid"), "name": .string(),
                        "kind": .string(enumeration: CriterionKind.allCases.map(\.rawValue)),
                        "weight": .integer(minimum: 1, maximum: 100),
                    ], required: ["id", "name", "kind", "weight"])),
            "candidates": .array(
                .object(
                    properties: [
                        "id": .string(format: "uuid"), "name": .string(), "assetModelId": .nullable(.string(format: "uuid")),
                        "softwareProductId": .nullable(.string(format: "uuid")), "price": .nullable(.ref("Money")), "notes": .string(),
                        "rank": .integer(minimum: 1), "totalHundredths": .integer(minimum: 0, maximum: 1000),
                        "scores": .anyObject(description: "criterion id → score 0…10"), "missing": .array(.string(format: "uuid")),
                    ], required: ["id", "name", "notes", "rank", "totalHundredths", "scores", "missing"])),
            "priceProblem": .nullable(.string(enumeration: ["missing_price", "mixed_currencies"])),
            "chosenCandidateId": .nullable(.string(format: "uuid")), "rationale": .string(),
            "decidedAt": .nullable(.string(format: "date-time")),
            "decidedBy": .nullable(.string()), "boughtAssetTags": .array(.string()), "version": .integer(minimum: 1),
        ], required: ["id", "title", "need", "criteria", "candidates", "rationale", "boughtAssetTags", "version"])
}

struct EvaluationBody: APIRequestBody {
    let title: String?
    let need: String?

    static let fieldNames: Set<String> = ["title", "need"]
    func validate() -> [FieldError] { [] }  // EvaluationService.Input.validate, after merging.

    static let schema = JSONSchema.object(properties: ["title": .string(), "need": .string()], required: ["title"])
}
