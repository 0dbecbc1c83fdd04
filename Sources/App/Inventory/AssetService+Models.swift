import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Hardware models, with their manufacturers.
extension AssetService {
    // MARK: Models

    struct ModelInput: Sendable {
        /// The manufacturer's name: an existing one is found without regard to case, a new one is created.
        var manufacturer: String
        var name: String
        /// An `AssetType` raw value, checked with the other fields.
        var type: String
        var endOfLife: String?
        var lifetimeMonths: Int?
        var listPrice: Money?

        func validate() -> [FieldError] {
            var errors = [
                Validate.required(manufacturer, field: "manufacturer", maxLength: 100), Validate.required(name, field: "name"),
            ].compactMap { $0 }
            if AssetType(rawValue: type) == nil { errors.append(FieldError(field: "type", code: .invalid)) }
            if let text = endOfLife?.nilIfEmpty, CalendarDate(text) == nil {
                errors.append(FieldError(field: "endOfLife", code: .dateInvalid))
            }
            if let months = lifetimeMonths, !(1...600).contains(months) {
                errors.append(FieldError(field: "lifetimeMonths", code: .outOfRange))
            }
            if let price = listPrice, price.minorUnits < 0 { errors.append(FieldError(field: "listPrice", code: .outOfRange)) }
            return errors
        }

        func apply(to model: AssetModel, manufacturerID: UUID) {
            model.manufacturerID = manufacturerID
            model.name = name.trimmingCharacters(in: .whitespaces)
            model.typeRaw = type
            model.endOfLifeText = endOfLife?.nilIfEmpty
            model.lifetimeMonths = lifetimeMonths
            model.listPriceMinor = listPrice?.minorUnits
            model.listPriceCurrency = listPrice?.currency.code
        }
    }

    func createModel(_ input: ModelInput) async throws -> AssetModel {
        try InputCheck.check(input.validate())
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.write { db in
            let model = AssetModel()
            input.apply(to: model, manufacturerID: try await Self.manufacturer(named: input.manufacturer, on: db, actor: actor, at: now))
            try await Self.checkModelUnique(model, on: db)
            model.createdAt = now
            try await model.insertAudited(on: db, actor: actor, at: now)
            return model
        }
    }

    func updateModel(_ id: UUID, expectedVersion: Int?, _ input: ModelInput) async throws -> AssetModel {
        try InputCheck.check(input.validate())
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.updateAudited(AssetModel.self, id: id, expectedVersion: expectedVersion, actor: actor) { model, db in
            let typeBefore = model.typeRaw
            input.apply(to: model, manufacturerID: try await Self.manufacturer(named: input.manufacturer, on: db, actor: actor, at: now))
            try await Self.checkModelUnique(model, on: db)
            // Assets keep their model's type for filtering; a model that changes type takes its assets along.
            if model.typeRaw != typeBefore {
                try await Asset.query(on: db).filter(\.$modelID == id).set(\.$typeRaw, to: model.typeRaw).update()
            }
        }
    }

    private static func checkModelUnique(_ model: AssetModel, on db: any Database) async throws {
        var query = AssetModel.query(on: db).filter(\.$manufacturerID == model.manufacturerID).filter(\.$name == model.name)
        if let id = model.id { query = query.filter(\.$id != id) }
        try await InputCheck.unique(query, field: "name")
    }

    /// The manufacturer of that name, created (and audited) when there is none yet.
    private static func manufacturer(named name: String, on db: any Database, actor: AuditActor, at now: Date) async throws -> UUID {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let existing = try await Manufacturer.query(on: db).filter(\.$nameKey == trimmed.lowercased()).first() { return existing.id! }
        let manufacturer = Manufacturer()
        manufacturer.name = trimmed
        manufacturer.nameKey = trimmed.lowercased()
        manufacturer.createdAt = now
        try await manufacturer.insertAudited(on: db, actor: actor, at: now)
        return manufacturer.id!
    }
}
