import Domain
import Fluent
import Foundation
import SQLKit

/// A maker of hardware ("Lenovo", "Cisco").
final class Manufacturer: Model, @unchecked Sendable {
    static let schema = "manufacturers"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// The name lower-cased: manufacturers are found by name without regard to case.
    @Field(key: "name_key") var nameKey: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] { ["name": name] }
}

/// A hardware model ("ThinkPad T14 Gen 4"): its type, when the maker stops supporting it, how long one is expected to
/// serve, and what a new one costs today. The refresh forecast reads these.
final class AssetModel: Model, @unchecked Sendable {
    static let schema = "asset_models"

    @ID(key: .id) var id: UUID?
    @Field(key: "manufacturer_id") var manufacturerID: UUID
    @Field(key: "name") var name: String
    @Field(key: "type") var typeRaw: String
    @OptionalField(key: "end_of_life") var endOfLifeText: String?
    @OptionalField(key: "lifetime_months") var lifetimeMonths: Int?
    @OptionalField(key: "list_price_minor") var listPriceMinor: Int64?
    @OptionalField(key: "list_price_currency") var listPriceCurrency: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var type: AssetType { AssetType(rawValue: typeRaw) ?? .other }
    var listPrice: Money? { Money(minorUnits: listPriceMinor, currencyCode: listPriceCurrency) }

    var auditFields: [String: String] {
        [
            "manufacturer": manufacturerID.uuidString, "name": name, "type": typeRaw, "end_of_life": endOfLifeText ?? "",
            "lifetime_months": lifetimeMonths.map(String.init) ?? "", "list_price": listPrice?.description ?? "",
        ]
    }
}

/// One piece of hardware the company owns or leases.
final class Asset: Model, @unchecked Sendable {
    static let schema = "assets"

    @ID(key: .id) var id: UUID?
    @Field(key: "tag") var tag: String
    /// The tag upper-cased: tags are unique without regard to case, as labels are read aloud and typed.
    @Field(key: "tag_key") var tagKey: String
    @Field(key: "name") var name: String
    @OptionalField(key: "serial") var serial: String?
    @OptionalField(key: "imei") var imei: String?
    @Field(key: "model_id") var modelID: UUID
    /// The model's type, kept here so that lists filter by type from the asset index alone.
    @Field(key: "type") var typeRaw: String
    @Field(key: "status") var statusRaw: String
    @OptionalField(key: "site_id") var siteID: UUID?
    @OptionalField(key: "room_id") var roomID: UUID?
    /// Who holds the asset: an employee, or (for shared equipment) a site. Only deployed assets have a holder.
    @OptionalField(key: "assigned_employee_id") var assignedEmployeeID: UUID?
    @OptionalField(key: "assigned_site_id") var assignedSiteID: UUID?
    @OptionalField(key: "assigned_at") var assignedAt: Date?
    /// When the holder confirmed, in their own view, that they received the asset.
    @OptionalField(key: "receipt_confirmed_at") var receiptConfirmedAt: Date?
    @OptionalField(key: "purchase_date") var purchaseDateText: String?
    @OptionalField(key: "purchase_cost_minor") var purchaseCostMinor: Int64?
    @OptionalField(key: "purchase_cost_currency") var purchaseCostCurrency: String?
    @Field(key: "supplier") var supplier: String
    @Field(key: "order_number") var orderNumber: String
    @OptionalField(key: "cost_centre_id") var costCentreID: UUID?
    @OptionalField(key: "warranty_end") var warrantyEndText: String?
    @Field(key: "notes") var notes: String
    /// When the asset was last seen in a stocktake (`AddAssetSightings`); not part of the audit snapshot, as each
    /// stocktake has its own entry.
    @OptionalField(key: "last_seen_at") var lastSeenAt: Date?
    /// The organisation's own fields for the asset's type (`CustomField`), as `CustomValues` stores them.
    @Field(key: "custom_values") var customValuesText: String
    /// Tag, name, serial, IMEI and custom values lower-cased in one column, for "contains" search.
    @Field(key: "search_text") var searchText: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var type: AssetType { AssetType(rawValue: typeRaw) ?? .other }
    var status: AssetStatus { AssetStatus(rawValue: statusRaw) ?? .inStock }
    var purchaseCost: Money? { Money(minorUnits: purchaseCostMinor, currencyCode: purchaseCostCurrency) }

    var customValues: [String: String] { CustomValues.decode(customValuesText) }

    static func searchText(tag: String, name: String, serial: String?, imei: String?, custom: [String: String] = [:]) -> String {
        ([tag, name, serial ?? "", imei ?? ""] + custom.keys.sorted().map { custom[$0]! }).filter { !$0.isEmpty }.joined(separator: " ")
            .lowercased()
    }

    /// Audit snapshots are taken for every row of an import: a format style is a value, made once.
    private static let timestamp = Date.ISO8601FormatStyle()

    var auditFields: [String: String] {
        var fields = [
            "tag": tag, "name": name, "serial": serial ?? "", "imei": imei ?? "", "model": modelID.uuidString, "status": statusRaw,
            "site": siteID?.uuidString ?? "", "room": roomID?.uuidString ?? "",
            "assigned_employee": assignedEmployeeID?.uuidString ?? "", "assigned_site": assignedSiteID?.uuidString ?? "",
            "receipt_confirmed_at": receiptConfirmedAt.map { Self.timestamp.format($0) } ?? "",
            "purchase_date": purchaseDateText ?? "", "purchase_cost": purchaseCost?.description ?? "", "supplier": supplier,
            "order_number": orderNumber, "cost_centre": costCentreID?.uuidString ?? "", "warranty_end": warrantyEndText ?? "",
            "notes": notes,
        ]
        for (key, value) in customValues { fields["custom.\(key)"] = value }
        return fields
    }
}

extension Asset {
    /// Assets read with SQL rather than through Fluent's model decoding, which costs ten times as much a row (measured
    /// on the 224,000 assets of the 100,000-employee demo): for exports and imports, which read them all, and for the
    /// search, which reads a few hundred on every request. Every asset, or those matching `condition`.
    static func read(
        on db: any Database, where condition: (any SQLExpression)? = nil, orderedByTag: Bool = false, limit: Int? = nil
    ) async throws -> [Asset] {
        var query = db.sql.select().column("*").from(schema)
        if let condition { query = query.where(condition) }
        if orderedByTag { query = query.orderBy("tag_key") }
        if let limit { query = query.limit(limit) }
        // Each column read straight off the row: through `Decodable` every column was looked up two or three times
        // (the employee directory's lesson, issue 18).
        return try await query.all().map { row in
            func value<T: Decodable>(_ column: String, _: T.Type = T.self) throws -> T { try row.decode(column: column, as: T.self) }
            let a = Asset()
            a.id = try value("id")
            (a.tag, a.tagKey, a.name, a.serial, a.imei) = try (
                value("tag"), value("tag_key"), value("name"), value("serial"), value("imei")
            )
            (a.modelID, a.typeRaw, a.statusRaw, a.siteID, a.roomID) = try (
                value("model_id"), value("type"), value("status"), value("site_id"), value("room_id")
            )
            (a.assignedEmployeeID, a.assignedSiteID, a.assignedAt, a.receiptConfirmedAt) = try (
                value("assigned_employee_id"), value("assigned_site_id"), value("assigned_at"), value("receipt_confirmed_at")
            )
            (a.purchaseDateText, a.purchaseCostMinor, a.purchaseCostCurrency) = try (
                value("purchase_date"), value("purchase_cost_minor"), value("purchase_cost_currency")
            )
            (a.supplier, a.orderNumber, a.costCentreID, a.warrantyEndText, a.notes) = try (
                value("supplier"), value("order_number"), value("cost_centre_id"), value("warranty_end"), value("notes")
            )
            (a.lastSeenAt, a.customValuesText, a.searchText) = try (value("last_seen_at"), value("custom_values"), value("search_text"))
            (a.version, a.createdAt, a.updatedAt) = try (value("version"), value("created_at"), value("updated_at"))
            return a
        }
    }
}

/// One thing that happened to an asset, as its history shows it: who, when, what and why.
final class AssetEvent: Model, @unchecked Sendable {
    static let schema = "asset_events"

    enum Kind: String, CaseIterable, Codable, Sendable {
        case created, status, checkout, checkin, receipt, seen
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "asset_id") var assetID: UUID
    /// 1 for the asset's first event, and so on: the history's order even when two events share a timestamp.
    @Field(key: "sequence") var sequence: Int
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "actor") var actor: String
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "from_status") var fromStatus: String?
    @OptionalField(key: "to_status") var toStatus: String?
    @OptionalField(key: "employee_id") var employeeID: UUID?
    @OptionalField(key: "site_id") var siteID: UUID?
    @Field(key: "reason") var reason: String
    @OptionalField(key: "disposal_method") var disposalMethod: String?
    @Field(key: "data_wipe_confirmed") var dataWipeConfirmed: Bool
    /// Made by a file import, which gives no reason of its own; the history says so in the reader's language.
    @Field(key: "via_import") var viaImport: Bool

    init() {}

    var kind: Kind { Kind(rawValue: kindRaw) ?? .status }
}

extension Manufacturer: VersionedRecord {
    static let auditEntityType = "manufacturer"
    var auditLabel: String { name }
}
extension AssetModel: VersionedRecord {
    static let auditEntityType = "asset_model"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.hardwareModel.path(id) }
}
extension Asset: VersionedRecord {
    static let auditEntityType = "asset"
    var auditLabel: String { "\(tag) \(name)" }
    static func auditPath(_ id: UUID) -> String? { Paths.hardwareAsset.path(id) }
}

extension Money {
    /// The amount stored in two nullable columns; nil unless both are present and the currency is known.
    init?(minorUnits: Int64?, currencyCode: String?) {
        guard let minorUnits, let code = currencyCode, let currency = Currency(code: code) else { return nil }
        self.init(minorUnits: minorUnits, currency: currency)
    }
}

extension Asset {
    /// The asset with this tag, however it is typed (tags match upper-cased).
    static func find(tag: String, on db: any Database) async throws -> Asset? {
        try await query(on: db).filter(\.$tagKey == tag.trimmingCharacters(in: .whitespaces).uppercased()).first()
    }

    /// The tag of the asset with this id, for a form that names assets by tag; empty for none.
    static func tag(of id: UUID?, on db: any Database) async throws -> String {
        guard let id else { return "" }
        return try await find(id, on: db)?.tag ?? ""
    }
}
