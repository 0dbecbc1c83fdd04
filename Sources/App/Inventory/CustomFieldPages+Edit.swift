import Domain
import Fluent
import Foundation
import Vapor

/// One custom field: changing its label and choices, and removing it.
extension CustomFieldPages {
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
}
