import Domain
import Fluent
import Foundation
import SQLKit

/// Names for asset lists and forms: models with their manufacturers, and employees holding the assets shown.
struct AssetLookups: Sendable {
    let models: [UUID: AssetModel]
    let manufacturers: [UUID: String]

    /// Every model, or only those among `ids`, with their manufacturers.
    static func load(models ids: Set<UUID>? = nil, on db: any Database) async throws -> AssetLookups {
        let query = AssetModel.query(on: db)
        if let ids { query.filter(\.$id ~~ ids) }
        let models = try await query.all()
        let manufacturers = try await Manufacturer.query(on: db).filter(\.$id ~~ Set(models.map(\.manufacturerID))).all()
        return AssetLookups(
            models: Dictionary(uniqueKeysWithValues: models.map { ($0.id!, $0) }),
            manufacturers: Dictionary(uniqueKeysWithValues: manufacturers.map { ($0.id!, $0.name) }))
    }

    /// "Lenovo ThinkPad T14 Gen 4".
    func modelName(_ id: UUID) -> String {
        guard let model = models[id] else { return "" }
        return Self.name(manufacturer: manufacturers[model.manufacturerID] ?? "", model: model.name)
    }

    static func name(manufacturer: String, model: String) -> String {
        [manufacturer, model].filter { !$0.isEmpty }.joined(separator: " ")
    }

    func modelChoices(selected: UUID?) -> [Choice] {
        models.keys.map { ($0, modelName($0)) }.sorted { $0.1 < $1.1 }
            .map { .init(value: $0.0.uuidString, label: $0.1, selected: $0.0 == selected) }
    }

    /// The names of the employees among `ids`.
    static func employeeNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        // Read with SQL: lists and the search name up to 50 holders on every request.
        struct Name: Decodable {
            let id: UUID
            let first_name: String
            let last_name: String
        }
        let names = try await db.sql.select().columns("id", "first_name", "last_name").from(Employee.schema)
            .where("id", .in, SQLBind.group(unique)).all(decoding: Name.self)
        return Dictionary(uniqueKeysWithValues: names.map { ($0.id, "\($0.first_name) \($0.last_name)") })
    }
}
