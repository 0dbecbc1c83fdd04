import Domain
import Fluent
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

/// Evaluations in the JSON API.
struct EvaluationAPIController: Sendable {
    private func service(_ req: Request) -> EvaluationService { EvaluationService(app: req.application, actor: req.auditActor) }

    func list(_ req: Request) async throws -> Response {
        var ids: [UUID]?
        for (name, column) in [("model", "asset_model_id"), ("product", "software_product_id")] {
            guard let raw = req.query[String.self, at: name] else { continue }
            guard let id = UUID(uuidString: raw) else { throw ValidationFailure([FieldError(field: name, code: .invalid)]) }
            let query = EvaluationCandidate.query(on: req.db)
            let found = try await
                (column == "asset_model_id" ? query.filter(\.$assetModelID == id) : query.filter(\.$softwareProductID == id))
                .all().map(\.evaluationID)
            ids = (ids ?? found).filter(found.contains)
        }
        var query = Evaluation.query(on: req.db).sort(\.$createdAt, .descending)
        if let ids { query = query.filter(\.$id ~~ ids) }
        var result: [EvaluationDTO] = []
        for evaluation in try await query.all() { result.append(try await Self.dto(evaluation.id!, on: req.db)) }
        return try .json(result)
    }

    func create(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(EvaluationBody.self)
        let evaluation = try await service(req).create(.init(title: body.title ?? "", need: body.need ?? ""))
        let response = try Response.json(try await Self.dto(evaluation.id!, on: req.db), status: .created, version: evaluation.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiEvaluation.path(evaluation.id!))
        return response
    }

    func get(_ req: Request) async throws -> Response {
        let dto = try await Self.dto(try req.requireID(), on: req.db)
        return try .json(dto, version: dto.version)
    }

    func update(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(EvaluationBody.self)
        guard let current = try await Evaluation.find(id, on: req.db) else { throw AppError.notFound }
        let input = EvaluationService.Input(
            title: present.contains("title") ? body.title ?? "" : current.title,
            need: present.contains("need") ? body.need ?? "" : current.need)
        return try await respond(req, try await service(req).update(id, expectedVersion: version, input))
    }

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

    private func respond(_ req: Request, _ evaluation: Evaluation, status: HTTPStatus = .ok) async throws -> Response {
        try .json(try await Self.dto(evaluation.id!, on: req.db), status: status, version: evaluation.version)
    }

    static func dto(_ id: UUID, on db: any Database) async throws -> EvaluationDTO {
        let detail = try await EvaluationService.detail(id, on: db)
        return EvaluationDTO(detail, bought: try await EvaluationService.bought(detail, on: db))
    }
}

enum EvaluationAPIDocs {
    static let list = APIDoc(
        summary: "Every evaluation, newest first, with its ranking; `model` or `product` finds those that considered it.",
        query: [
            .init(name: "model", schema: .string(format: "uuid"), description: "Only evaluations with this hardware model as a candidate."),
            .init(
                name: "product", schema: .string(format: "uuid"), description: "Only evaluations with this software product as a candidate."
            ),
        ], response: .array(.ref("Evaluation")))
    static let create = APIDoc(
        summary: "Start an evaluation for a need.", requestBody: .ref("EvaluationBody"), response: .ref("Evaluation"), successStatus: 201)
    static let get = APIDoc(summary: "One evaluation with its computed ranking; the ETag is its version.", response: .ref("Evaluation"))
    static let update = APIDoc(
        summary: "Change the title or the need (If-Match).", requestBody: .ref("EvaluationBody"), response: .ref("Evaluation"),
        conditional: true)
    static let addCriterion = APIDoc(
        summary: "Add a weighted criterion (If-Match: the evaluation's version); a `price` criterion is scored from the prices.",
        requestBody: .ref("CriterionBody"), response: .ref("Evaluation"), successStatus: 201, conditional: true)
    static let removeCriterion = APIDoc(
        summary: "Remove a criterion and its scores (If-Match: the evaluation's version).", response: .ref("Evaluation"), conditional: true)
    static let addCandidate = APIDoc(
        summary: "Add a candidate: a hardware model, a software product or a named option, with its price (If-Match).",
        requestBody: .ref("CandidateBody"), response: .ref("Evaluation"), successStatus: 201, conditional: true)
    static let removeCandidate = APIDoc(
        summary: "Remove a candidate and its scores (If-Match: the evaluation's version).", response: .ref("Evaluation"), conditional: true)
    static let setScores = APIDoc(
        summary: "Set scores from 0 to 10 per candidate and criterion (null removes one), all in one change (If-Match).",
        requestBody: .ref("ScoresBody"), response: .ref("Evaluation"), conditional: true)
    static let decide = APIDoc(
        summary: "Record the chosen candidate and the rationale (If-Match); the evaluation is then kept as decided.",
        requestBody: .ref("EvaluationDecisionBody"), response: .ref("Evaluation"), conditional: true)

    static let schemas: [String: JSONSchema] = [
        "Evaluation": EvaluationDTO.schema, "EvaluationBody": EvaluationBody.schema, "CriterionBody": CriterionBody.schema,
        "CandidateBody": CandidateBody.schema, "ScoresBody": ScoresBody.schema, "EvaluationDecisionBody": EvaluationDecisionBody.schema,
    ]
}
