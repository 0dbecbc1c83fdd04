import Domain
import Fluent
import Foundation

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
