import Domain
import Fluent
import Foundation
import Vapor

/// Custom fields in the JSON API.
struct CustomFieldAPIController: Sendable {
    func service(_ req: Request) -> CustomFieldService { CustomFieldService(app: req.application, actor: req.auditActor) }

    func list(_ req: Request) async throws -> Response {
        try .json(try await CustomFieldSet.load(on: req.db).fields.map(CustomFieldDTO.init))
    }

    func update(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(CustomFieldPatch.self)
        guard let current = try await CustomField.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let field = try await service(req).update(
            current.id!, expectedVersion: version, label: body.label ?? current.label,
            choices: body.choices?.joined(separator: "\n") ?? current.choicesText)
        return try .json(CustomFieldDTO(field), version: field.version)
    }

    func delete(_ req: Request) async throws -> Response {
        try await service(req).delete(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }

    func create(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(CustomFieldBody.self)
        let field = try await service(req).create(
            .init(
                assetType: body.assetType, key: body.key, label: body.label, kind: body.kind,
                choices: (body.choices ?? []).joined(separator: "\n")))
        return try .json(CustomFieldDTO(field), status: .created, version: field.version)
    }
}
