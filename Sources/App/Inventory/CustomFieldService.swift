import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Defining custom fields: a key is unique per asset type, and once defined a field keeps its key and kind, so the
/// values stored under it keep their meaning. Its label and choices change; a choice assets hold is not taken away,
/// and a field is removed only when no asset holds a value in it.
struct CustomFieldService: Sendable {
    let app: Application
    let actor: AuditActor

    struct Input: Sendable {
        var assetType: String
        var key: String
        var label: String
        var kind: String
        var choices: String = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(label, field: "label")].compactMap { $0 }
            if AssetType(rawValue: assetType) == nil { errors.append(FieldError(field: "assetType", code: .invalid)) }
            if let problem = CustomFieldDefinition.keyProblem(key.trimmingCharacters(in: .whitespaces)) {
                errors.append(FieldError(field: "key", code: problem))
            }
            let kind = CustomFieldKind(rawValue: kind)
            if kind == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
            if kind == .choice, CustomFieldDefinition.choices(fromLines: choices).isEmpty {
                errors.append(FieldError(field: "choices", code: .required))
            }
            return errors
        }
    }

    func create(_ input: Input) async throws -> CustomField {
        try InputCheck.check(input.validate())
        let field = CustomField()
        field.assetTypeRaw = input.assetType
        field.key = input.key.trimmingCharacters(in: .whitespaces)
        field.label = input.label.trimmingCharacters(in: .whitespaces)
        field.kindRaw = input.kind
        field.choicesText = CustomFieldDefinition.choices(fromLines: input.choices).joined(separator: "\n")
        field.createdAt = app.services.clock.now()
        return try await app.createAudited(field, actor: actor) { db in
            try await InputCheck.unique(
                CustomField.query(on: db).filter(\.$assetTypeRaw == field.assetTypeRaw).filter(\.$key == field.key), field: "key")
        }
    }
}
