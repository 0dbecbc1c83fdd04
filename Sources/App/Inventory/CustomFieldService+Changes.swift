import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Changing and removing a custom field, and counting the assets that hold a value in it.
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
