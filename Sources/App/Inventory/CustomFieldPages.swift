import Domain
import Fluent
import Foundation
import Vapor

/// The custom fields page (*Hardware → Custom fields*).
struct CustomFieldPages {
    func service(_ req: Request) -> CustomFieldService { CustomFieldService(app: req.application, actor: req.auditActor) }

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
}
