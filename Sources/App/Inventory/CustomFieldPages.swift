import Domain
import Fluent
import Foundation
import Vapor

/// The custom fields page (*Hardware → Custom fields*) and the same in the API.
struct CustomFieldPages {
    private func service(_ req: Request) -> CustomFieldService { CustomFieldService(app: req.application, actor: req.auditActor) }

    struct Content: Encodable {
        struct Row: Encodable {
            let href: String
            let type: String
            let key: String
            let label: String
            let kind: String
            let choices: String
        }

        let rows: [Row]
        let types: [Choice]
        let kinds: [Choice]
        let canManage: Bool
        let errors: [String: String]
    }

    func page(_ req: Request) async throws -> Response { try await render(req) }

    private func render(_ req: Request, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let fields = try await CustomFieldSet.load(on: req.db).fields
        let rows = fields.map {
            Content.Row(
                href: Paths.hardwareField.path($0.id!), type: req.t($0.assetType.labelKey), key: $0.key, label: $0.label,
                kind: req.t($0.definition.kind.labelKey),
                choices: $0.definition.choices.joined(separator: ", "))
        }.sorted { ($0.type, $0.key) < ($1.type, $1.key) }
        return try await req.page(
            "inventory/fields", titleKey: "custom_field.title",
            Content(
                rows: rows, types: Choice.list(req, AssetType.allCases, key: \.labelKey, selected: nil),
                kinds: Choice.list(req, CustomFieldKind.allCases, key: \.labelKey, selected: nil), canManage: req.may(.manageInventory),
                errors: req.fieldMessages(errors)), status: status)
    }

    func add(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            _ = try await service(req).create(
                .init(assetType: form["assetType"], key: form["key"], label: form["label"], kind: form["kind"], choices: form["choices"]))
            return req.redirect(to: Paths.hardwareFields.path + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await render(req, errors: failure, status: .unprocessableEntity)
        }
    }

    struct EditContent: Encodable {
        let id: String
        let type: String
        let key: String
        let kind: String
        let isChoice: Bool
        let label: String
        let choices: String
        let version: Int
        let errors: [String: String]
        let stale: Bool
    }

    func edit(_ req: Request) async throws -> Response {
        guard let field = try await CustomField.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await editPage(req, field, label: field.label, choices: field.choicesText)
    }

    private func editPage(
        _ req: Request, _ field: CustomField, label: String, choices: String, errors: ValidationFailure? = nil, stale: Bool = false,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        try await req.page(
            "inventory/field", titleKey: "custom_field.edit",
            EditContent(
                id: field.id!.uuidString, type: req.t(field.assetType.labelKey), key: field.key,
                kind: req.t(field.definition.kind.labelKey),
                isChoice: field.definition.kind == .choice, label: label, choices: choices, version: field.version,
                errors: req.fieldMessages(errors), stale: stale), status: status)
    }

    func save(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            _ = try await service(req).update(id, expectedVersion: form.version ?? 0, label: form["label"], choices: form["choices"])
            return req.redirect(to: Paths.hardwareFields.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            guard let field = try await CustomField.find(id, on: req.db) else { throw AppError.notFound }
            return try await editPage(
                req, field, label: form["label"], choices: form["choices"], errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let field = try await CustomField.find(id, on: req.db) else { throw AppError.notFound }
            return try await editPage(req, field, label: field.label, choices: field.choicesText, stale: true, status: .conflict)
        }
    }

    func remove(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            try await service(req).delete(id, expectedVersion: form.version ?? 0)
            return req.redirect(to: Paths.hardwareFields.path + "?done=removed", redirectType: .normal)
        } invalid: { failure in
            guard let field = try await CustomField.find(id, on: req.db) else { throw AppError.notFound }
            return try await editPage(
                req, field, label: field.label, choices: field.choicesText, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let field = try await CustomField.find(id, on: req.db) else { throw AppError.notFound }
            return try await editPage(req, field, label: field.label, choices: field.choicesText, stale: true, status: .conflict)
        }
    }

    // MARK: API

    struct FieldDTO: Vapor.Content {
        let id: UUID
        let assetType: AssetType
        let key: String
        let label: String
        let kind: CustomFieldKind
        let choices: [String]
        let version: Int

        init(_ field: CustomField) {
            (id, assetType, key, label, kind) = (field.id!, field.assetType, field.key, field.label, field.definition.kind)
            (choices, version) = (field.definition.choices, field.version)
        }
    }

    struct FieldBody: APIRequestBody {
        let assetType: String
        let key: String
        let label: String
        let kind: String
        let choices: [String]?

        static let fieldNames: Set<String> = ["assetType", "key", "label", "kind", "choices"]
        func validate() -> [FieldError] { [] }  // CustomFieldService.Input.validate.
    }

    /// What a PATCH changes: the label and the choices; the type, key and kind stay as defined.
    struct FieldPatch: APIRequestBody {
        let label: String?
        let choices: [String]?

        static let fieldNames: Set<String> = ["label", "choices"]
        func validate() -> [FieldError] { [] }  // CustomFieldService.update.
    }

    func list(_ req: Request) async throws -> Response {
        try .json(try await CustomFieldSet.load(on: req.db).fields.map(FieldDTO.init))
    }

    func update(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(FieldPatch.self)
        guard let current = try await CustomField.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let field = try await service(req).update(
            current.id!, expectedVersion: version, label: body.label ?? current.label,
            choices: body.choices?.joined(separator: "\n") ?? current.choicesText)
        return try .json(FieldDTO(field), version: field.version)
    }

    func delete(_ req: Request) async throws -> Response {
        try await service(req).delete(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }

    func create(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(FieldBody.self)
        let field = try await service(req).create(
            .init(
                assetType: body.assetType, key: body.key, label: body.label, kind: body.kind,
                choices: (body.choices ?? []).joined(separator: "\n")))
        return try .json(FieldDTO(field), status: .created, version: field.version)
    }

    static let docs = (
        list: APIDoc(summary: "Every custom field, by asset type and key.", response: .array(.ref("CustomField"))),
        create: APIDoc(
            summary:
                "Define a custom field for one asset type: text, number, date or choice. Assets carry its value under `customFields`; files under `custom.<key>`.",
            requestBody: .ref("CustomFieldBody"), response: .ref("CustomField"), successStatus: 201),
        update: APIDoc(
            summary:
                "Change a custom field's label or choices (If-Match: its version); the key and kind stay. A choice assets hold cannot be dropped (422 value_in_use).",
            requestBody: .ref("CustomFieldPatch"), response: .ref("CustomField"), conditional: true),
        delete: APIDoc(
            summary: "Remove a custom field no asset holds a value in (otherwise 422 value_in_use); with If-Match, only at that version.",
            successStatus: 204)
    )

    static let schemas: [String: JSONSchema] = [
        "CustomField": .object(
            properties: [
                "id": .string(format: "uuid"), "assetType": .string(enumeration: AssetType.allCases.map(\.rawValue)), "key": .string(),
                "label": .string(), "kind": .string(enumeration: CustomFieldKind.allCases.map(\.rawValue)), "choices": .array(.string()),
                "version": .integer(minimum: 1),
            ], required: ["id", "assetType", "key", "label", "kind", "choices", "version"]),
        "CustomFieldBody": .object(
            properties: [
                "assetType": .string(enumeration: AssetType.allCases.map(\.rawValue)), "key": .string(), "label": .string(),
                "kind": .string(enumeration: CustomFieldKind.allCases.map(\.rawValue)), "choices": .array(.string()),
            ], required: ["assetType", "key", "label", "kind"]),
        "CustomFieldPatch": .object(properties: ["label": .string(), "choices": .array(.string())], required: []),
    ]
}
