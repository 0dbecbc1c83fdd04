import Domain
import Foundation
import Vapor

/// A custom field as the JSON API shows it.
struct CustomFieldDTO: Vapor.Content {
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

struct CustomFieldBody: APIRequestBody {
    let assetType: String
    let key: String
    let label: String
    let kind: String
    let choices: [String]?

    static let fieldNames: Set<String> = ["assetType", "key", "label", "kind", "choices"]
    func validate() -> [FieldError] { [] }  // CustomFieldService.Input.validate.
}

/// What a PATCH changes: the label and the choices; the type, key and kind stay as defined.
struct CustomFieldPatch: APIRequestBody {
    let label: String?
    let choices: [String]?

    static let fieldNames: Set<String> = ["label", "choices"]
    func validate() -> [FieldError] { [] }  // CustomFieldService.update.
}
