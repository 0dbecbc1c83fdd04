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

extension CustomFieldService {
    func update(_ id: UUID, expectedVersion: Int, label: String, choices: String) async throws -> CustomField {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        try InputCheck.check([Validate.required(trimmed, field: "label")].compactMap { $0 })
        let wanted = CustomFieldDefinition.choices(fromLines: choices)
        return try await app.updateAudited(CustomField.self, id: id, expectedVersion: expectedVersion, actor: actor) { field, db in
            var errors: [FieldError] = []
            if field.definition.kind == .choice {
                if wanted.isEmpty { errors.append(FieldError(field: "choices", code: .required)) }
                for removed in field.definition.choices where !wanted.contains(removed) {
                    if try await Self.assetsHolding(field, value: removed, on: db) > 0 {
                        errors.append(FieldError(field: "choices", code: .valueInUse))
                        break
                    }
                }
            }
            try InputCheck.check(errors)
            field.label = trimmed
            if field.definition.kind == .choice { field.choicesText = wanted.joined(separator: "\n") }
        }
    }

    func delete(_ id: UUID, expectedVersion: Int?) async throws {
        try await app.deleteAudited(CustomField.self, id: id, expectedVersion: expectedVersion, actor: actor) { field, db in
            if try await Self.assetsHolding(field, value: nil, on: db) > 0 {
                throw ValidationFailure([FieldError(field: "key", code: .valueInUse)])
            }
        }
    }

    /// How many assets of the field's type hold `value` in it (any value when nil). Values are stored as JSON with
    /// sorted keys, where a quote inside a string is always escaped: `"key":"value"` appears in the text exactly
    /// when the asset holds that value, so a pattern on the column answers without reading the assets.
    static func assetsHolding(_ field: CustomField, value: String?, on db: any Database) async throws -> Int {
        let pair = CustomValues.encode([field.key: value ?? ""]).dropFirst().dropLast()
        let fragment = value == nil ? String(pair.dropLast(1)) : String(pair)  // without the closing quote: any value
        let escaped = fragment.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
        let row = try await db.sql.raw(
            """
            SELECT count(*) AS n FROM \(ident: Asset.schema) WHERE type = \(bind: field.assetTypeRaw) \
            AND custom_values LIKE \(bind: "%" + escaped + "%") ESCAPE '!'
            """
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
