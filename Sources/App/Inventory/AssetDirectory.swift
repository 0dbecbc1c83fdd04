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

    static func list(_ req: Request) async throws -> (assets: [AssetListing], total: Int, query: ListQuery, filters: Filters) {
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort, allowedSorts: sorts, defaultSort: "tag"
        ).get()
        var errors: [FieldError] = []
        let type = filters.type?.nilIfEmpty.map { AssetType(rawValue: $0) }
        if case .some(.none) = type { errors.append(FieldError(field: "type", code: .invalid)) }
        let status = filters.status?.nilIfEmpty.map { AssetStatus(rawValue: $0) }
        if case .some(.none) = status { errors.append(FieldError(field: "status", code: .invalid)) }
        try InputCheck.check(errors)
        let sql = req.db.sql
        var conditions: [any SQLExpression] = []
        func equal(_ column: String, _ value: (any Encodable & Sendable)?) {
            if let value { conditions.append(SQLBinaryExpression(SQLIdentifier(column), .equal, SQLBind(value))) }
        }
        equal("type", (type ?? nil)?.rawValue)
        equal("status", (status ?? nil)?.rawValue)
        equal("site_id", filters.site)
        // Type, status and site alone are counted from `asset_counts`; any other filter counts the matches.
        var counted = true
        for (column, value) in [("model_id", filters.model), ("assigned_employee_id", filters.employee)] where value != nil {
            equal(column, value)
            counted = false
        }
        if let text = filters.q?.trimmingCharacters(in: .whitespaces).nilIfEmpty {
            let fragment = text.lowercased().filter { $0 != "%" && $0 != "_" }
            conditions.append(
                SQLGroupExpression(
                    SQLBinaryExpression(
                        SQLBinaryExpression(
                            SQLBinaryExpression(SQLIdentifier("tag_key"), .equal, SQLBind(text.uppercased())), .or,
                            SQLBinaryExpression(SQLIdentifier("serial"), .equal, SQLBind(text))), .or,
                        TrigramSearch.assets.contains(fragment, dialect: sql.dialect.name))))
            counted = false
        }
        let condition = conditions.isEmpty ? nil : conditions.dropFirst().reduce(conditions[0]) { SQLBinaryExpression($0, .and, $1) }
        let direction: SQLDirection = query.descending ? .descending : .ascending
        let column: String? =
            switch query.sortField {
            case "name": "name"
            case "status": "status"
            case "type": "type"
            case "purchaseDate": "purchase_date"
            case "warrantyEnd": "warranty_end"
            default: nil
            }
        // A deferred join: the page's ids come from an index (rows skipped are never read), then only the rows shown.
        var ids = sql.select().column("id").from(Asset.schema)
        if let condition { ids = ids.where(condition) }
        if let column { ids = ids.orderBy(column, direction) }
        let order = try await ids.orderBy("tag_key", direction).limit(query.limit).offset(query.offset).all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        let rows =
            order.isEmpty
            ? []
            : try await sql.select().columns(AssetListing.columns.map { SQLIdentifier($0) }).from(Asset.schema)
                .where(SQLIdentifier("id"), .in, SQLBind.group(order)).all().map(AssetListing.init)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        let total: Int
        if counted {
            total = try await CountedTable.assets.total(where: condition, on: sql)
        } else {
            var count = sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(Asset.schema)
            if let condition { count = count.where(condition) }
            total = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return (order.compactMap { byID[$0] }, total, query, filters)
    }
}

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

/// An asset as the list shows it and the API returns it, read straight from SQL: building Fluent models for a page
/// of 50 was most of the list's cost (the generic metadata of some thirty property wrappers a row, and parsing the
/// timestamps the list never shows; issue 18, item 17).
struct AssetListing: Sendable {
    let id: UUID
    let tag, name: String
    let serial, imei: String?
    let modelID: UUID
    let type: AssetType
    let status: AssetStatus
    let siteID, roomID, assignedEmployeeID, assignedSiteID: UUID?
    let assignedAt, receiptConfirmedAt: Date?
    let purchaseDate: String?
    let purchaseCost: Money?
    let supplier, orderNumber: String
    let costCentreID: UUID?
    let warrantyEnd: String?
    let notes: String
    let customValues: [String: String]
    let version: Int

    static let columns = [
        "id", "tag", "name", "serial", "imei", "model_id", "type", "status", "site_id", "room_id", "assigned_employee_id",
        "assigned_site_id", "assigned_at", "receipt_confirmed_at", "purchase_date", "purchase_cost_minor", "purchase_cost_currency",
        "supplier", "order_number", "cost_centre_id", "warranty_end", "notes", "custom_values", "version",
    ]

    init(_ row: any SQLRow) throws {
        func value<T: Decodable>(_ column: String, _: T.Type = T.self) throws -> T { try row.decode(column: column, as: T.self) }
        (id, tag, name, serial, imei, modelID) = try (
            value("id"), value("tag"), value("name"), value("serial"), value("imei"), value("model_id")
        )
        type = AssetType(rawValue: try value("type")) ?? .other
        status = AssetStatus(rawValue: try value("status")) ?? .inStock
        (siteID, roomID, assignedEmployeeID, assignedSiteID) = try (
            value("site_id"), value("room_id"), value("assigned_employee_id"), value("assigned_site_id")
        )
        (assignedAt, receiptConfirmedAt, purchaseDate) = try (value("assigned_at"), value("receipt_confirmed_at"), value("purchase_date"))
        purchaseCost = Money(minorUnits: try value("purchase_cost_minor"), currencyCode: try value("purchase_cost_currency"))
        (supplier, orderNumber, costCentreID, warrantyEnd, notes) = try (
            value("supplier"), value("order_number"), value("cost_centre_id"), value("warranty_end"), value("notes")
        )
        customValues = CustomValues.decode(try value("custom_values"))
        version = try value("version")
    }

    init(_ asset: Asset) {
        (id, tag, name, serial, imei, modelID, type, status) = (
            asset.id!, asset.tag, asset.name, asset.serial, asset.imei, asset.modelID, asset.type, asset.status
        )
        (siteID, roomID, assignedEmployeeID, assignedSiteID) = (asset.siteID, asset.roomID, asset.assignedEmployeeID, asset.assignedSiteID)
        (assignedAt, receiptConfirmedAt, purchaseDate, purchaseCost) = (
            asset.assignedAt, asset.receiptConfirmedAt, asset.purchaseDateText, asset.purchaseCost
        )
        (supplier, orderNumber, costCentreID, warrantyEnd, notes) = (
            asset.supplier, asset.orderNumber, asset.costCentreID, asset.warrantyEndText, asset.notes
        )
        (customValues, version) = (asset.customValues, asset.version)
    }
}
