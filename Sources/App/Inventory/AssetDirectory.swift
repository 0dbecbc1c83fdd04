import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The asset list, shared by the page and the API: search, filter, sort, page.
enum AssetDirectory {
    static let sorts: Set<String> = ["tag", "name", "status", "type", "purchaseDate", "warrantyEnd"]

    struct Filters: Content {
        var limit: Int?
        var offset: Int?
        var sort: String?
        /// Tag, name, serial or IMEI: a tag or serial matches exactly, and any fragment of them (see `TrigramSearch`).
        var q: String?
        var type: String?
        var status: String?
        var site: UUID?
        var model: UUID?
        /// The employee holding the asset.
        var employee: UUID?
    }

    static func list(_ req: Request) async throws -> (assets: [Asset], total: Int, query: ListQuery, filters: Filters) {
        let filters = try req.query.decode(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort, allowedSorts: sorts, defaultSort: "tag"
        ).get()
        var errors: [FieldError] = []
        let type = filters.type?.nilIfEmpty.map { AssetType(rawValue: $0) }
        if case .some(.none) = type { errors.append(FieldError(field: "type", code: .invalid)) }
        let status = filters.status?.nilIfEmpty.map { AssetStatus(rawValue: $0) }
        if case .some(.none) = status { errors.append(FieldError(field: "status", code: .invalid)) }
        try StructureService.check(errors)
        let assets = Asset.query(on: req.db)
        if let type = type ?? nil { assets.filter(\.$typeRaw == type.rawValue) }
        if let status = status ?? nil { assets.filter(\.$statusRaw == status.rawValue) }
        if let site = filters.site { assets.filter(\.$siteID == site) }
        if let model = filters.model { assets.filter(\.$modelID == model) }
        if let employee = filters.employee { assets.filter(\.$assignedEmployeeID == employee) }
        if let text = filters.q?.trimmingCharacters(in: .whitespaces).nilIfEmpty {
            let fragment = text.lowercased().filter { $0 != "%" && $0 != "_" }
            let dialect = (req.db as! any SQLDatabase).dialect.name
            assets.group(.or) { group in
                group.filter(\.$tagKey == text.uppercased()).filter(\.$serial == text)
                    .filter(.sql(TrigramSearch.assets.contains(fragment, dialect: dialect)))
            }
        }
        let total = try await assets.count()
        let descending = query.descending
        let direction: DatabaseQuery.Sort.Direction = descending ? .descending : .ascending
        switch query.sortField {
        case "name": assets.sort(\.$name, direction)
        case "status": assets.sort(\.$statusRaw, direction)
        case "type": assets.sort(\.$typeRaw, direction)
        case "purchaseDate": assets.sort(\.$purchaseDateText, direction)
        case "warrantyEnd": assets.sort(\.$warrantyEndText, direction)
        default: break
        }
        assets.sort(\.$tagKey, direction)
        let page = try await assets.range(query.offset..<(query.offset + query.limit)).all()
        return (page, total, query, filters)
    }
}

/// Names for asset lists and forms: models with their manufacturers, and employees holding the assets shown.
struct AssetLookups: Sendable {
    let models: [UUID: AssetModel]
    let manufacturers: [UUID: String]

    static func load(on db: any Database) async throws -> AssetLookups {
        let models = try await AssetModel.query(on: db).all()
        let manufacturers = try await Manufacturer.query(on: db).all()
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

    func modelChoices(selected: UUID?) -> [EmployeePages.Choice] {
        models.keys.map { ($0, modelName($0)) }.sorted { $0.1 < $1.1 }
            .map { .init(value: $0.0.uuidString, label: $0.1, selected: $0.0 == selected) }
    }

    /// The names of the employees among `ids`.
    static func employeeNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return Dictionary(
            uniqueKeysWithValues: try await Employee.query(on: db).filter(\.$id ~~ unique).all().map { ($0.id!, $0.fullName) })
    }
}
