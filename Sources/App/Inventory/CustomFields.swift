import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// A custom field the organisation defined for one asset type (`Domain.CustomFieldDefinition` holds its rules).
final class CustomField: Model, @unchecked Sendable {
    static let schema = "custom_fields"

    @ID(key: .id) var id: UUID?
    @Field(key: "asset_type") var assetTypeRaw: String
    @Field(key: "key") var key: String
    @Field(key: "label") var label: String
    @Field(key: "kind") var kindRaw: String
    /// The choices, one per line.
    @Field(key: "choices") var choicesText: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var assetType: AssetType { AssetType(rawValue: assetTypeRaw) ?? .other }
    var definition: CustomFieldDefinition {
        CustomFieldDefinition(
            key: key, label: label, kind: CustomFieldKind(rawValue: kindRaw) ?? .text,
            choices: CustomFieldDefinition.choices(fromLines: choicesText))
    }

    var auditFields: [String: String] {
        ["asset_type": assetTypeRaw, "key": key, "label": label, "kind": kindRaw, "choices": choicesText]
    }
}

extension CustomField: VersionedRecord {
    static let auditEntityType = "custom_field"
    var auditLabel: String { label }
    static func auditPath(_ id: UUID) -> String? { Paths.hardwareField.path(id) }
}

/// The custom fields of every type, as forms, files and the API need them.
struct CustomFieldSet: Sendable {
    let fields: [CustomField]

    static func load(on db: any Database) async throws -> CustomFieldSet {
        CustomFieldSet(fields: try await CustomField.query(on: db).sort(\.$assetTypeRaw).sort(\.$key).all())
    }

    func definitions(for type: AssetType) -> [CustomFieldDefinition] {
        fields.filter { $0.assetType == type }.map(\.definition)
    }

    /// Every key in use, each once, for the columns of a file.
    var keys: [String] { Array(Set(fields.map(\.key))).sorted() }

    /// `values` for an asset of `type`, normalised; a key the type does not have, or a value its kind refuses, is an
    /// error under the field `custom.<key>`. Empty values are dropped.
    func check(_ values: [String: String], for type: AssetType) -> (values: [String: String], errors: [FieldError]) {
        let known = Dictionary(uniqueKeysWithValues: definitions(for: type).map { ($0.key, $0) })
        var result: [String: String] = [:]
        var errors: [FieldError] = []
        for (key, raw) in values.sorted(by: { $0.key < $1.key }) {
            guard let definition = known[key] else {
                if !raw.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError(field: "custom.\(key)", code: .notFound)) }
                continue
            }
            switch definition.normalise(raw) {
            case .stored(let value?): result[key] = value
            case .stored(nil): break
            case .refused(let code): errors.append(FieldError(field: "custom.\(key)", code: code))
            }
        }
        return (result, errors)
    }
}
