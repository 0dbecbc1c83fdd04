import Domain
import Foundation
import SQLKit

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
