import Domain
import Fluent
import Foundation
import Vapor

/// Evaluations in the JSON API.
struct EvaluationAPIController: Sendable {
    func service(_ req: Request) -> EvaluationService { EvaluationService(app: req.application, actor: req.auditActor) }

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

    func respond(_ req: Request, _ evaluation: Evaluation, status: HTTPStatus = .ok) async throws -> Response {
        try .json(try await Self.dto(evaluation.id!, on: req.db), status: status, version: evaluation.version)
    }

    static func dto(_ id: UUID, on db: any Database) async throws -> EvaluationDTO {
        let detail = try await EvaluationService.detail(id, on: db)
        return EvaluationDTO(detail, bought: try await EvaluationService.bought(detail, on: db))
    }
}
