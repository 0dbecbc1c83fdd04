import Domain
import Fluent
import Foundation
import SQLKit

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
