import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The asset table as CSV and JSON files carry it: the same columns both ways, so an export re-imports unchanged.
/// Models are named by manufacturer and model, places by name, holders by employee number or site name, cost
/// centres by code.
enum AssetTable {
    static let columns = [
        "tag", "name", "serial", "imei", "manufacturer", "model", "status", "site", "room", "holder_employee", "holder_site",
        "purchase_date", "purchase_cost", "currency", "supplier", "order_number", "cost_centre", "warranty_end", "notes",
    ]
    /// A file may leave out any column: an existing asset keeps what the file does not name, and a new one needs its
    /// manufacturer and model.
    static let required: Set<String> = []

    /// The column a validation error of a field belongs to.
    static let columnOfField: [String: String] = [
        "tag": "tag", "name": "name", "serial": "serial", "imei": "imei", "modelId": "model", "siteId": "site", "roomId": "room",
        "purchaseDate": "purchase_date", "purchaseCost": "purchase_cost", "supplier": "supplier", "orderNumber": "order_number",
        "costCentreId": "cost_centre", "warrantyEnd": "warranty_end", "notes": "notes", "status": "status", "reason": "status",
        "assignee": "holder_employee",
    ]

    /// Every asset, or only those in `only`, as a file.
    static func export(on db: any Database, format: ExportFormat, only: Set<UUID>? = nil) async throws -> Data {
        let chosen = only.map { SQLBinaryExpression(SQLIdentifier("id"), .in, SQLGroupExpression($0.map { SQLBind($0) })) }
        let assets = try await Asset.read(on: db, where: chosen, orderedByTag: true)
        let names = try await Names.load(on: db)
        return try ExportFile.encode(header: names.header, rows: assets.map { names.row($0) }, format: format)
    }

    /// What a file names models, places, holders and cost centres by, by id.
    struct Names: Sendable {
        let lookups: AssetLookups
        let sites: [UUID: String]
        let rooms: [UUID: String]
        let costCentres: [UUID: String]
        let employeeNumbers: [UUID: String]
        let customFields: CustomFieldSet

        /// The file's columns: the fixed ones, then one `custom.<key>` per custom field.
        var header: [String] { columns + customFields.keys.map { "custom.\($0)" } }

        static func load(on db: any Database) async throws -> Names {
            struct Number: Decodable {
                let id: UUID
                let employee_number: String
            }
            let numbers = try await db.sql.select().column("id").column("employee_number").from(Employee.schema)
                .all(decoding: Number.self)
            return Names(
                lookups: try await AssetLookups.load(on: db),
                sites: Dictionary(uniqueKeysWithValues: try await Site.query(on: db).all().map { ($0.id!, $0.name) }),
                rooms: Dictionary(uniqueKeysWithValues: try await Room.query(on: db).all().map { ($0.id!, $0.name) }),
                costCentres: Dictionary(uniqueKeysWithValues: try await CostCentre.query(on: db).all().map { ($0.id!, $0.code) }),
                employeeNumbers: Dictionary(numbers.map { ($0.id, $0.employee_number) }, uniquingKeysWith: { first, _ in first }),
                customFields: try await CustomFieldSet.load(on: db))
        }

        /// The asset as a row of the file, in `header` order.
        func row(_ a: Asset) -> [String] {
            let model = lookups.models[a.modelID]
            let custom = a.customValues
            return [
                a.tag, a.name, a.serial ?? "", a.imei ?? "", model.flatMap { lookups.manufacturers[$0.manufacturerID] } ?? "",
                model?.name ?? "", a.statusRaw, a.siteID.flatMap { sites[$0] } ?? "", a.roomID.flatMap { rooms[$0] } ?? "",
                a.assignedEmployeeID.flatMap { employeeNumbers[$0] } ?? "", a.assignedSiteID.flatMap { sites[$0] } ?? "",
                a.purchaseDateText ?? "", a.purchaseCost?.plainDecimal ?? "", a.purchaseCostCurrency ?? "", a.supplier, a.orderNumber,
                a.costCentreID.flatMap { costCentres[$0] } ?? "", a.warrantyEndText ?? "", a.notes,
            ] + customFields.keys.map { custom[$0] ?? "" }
        }
    }
}
