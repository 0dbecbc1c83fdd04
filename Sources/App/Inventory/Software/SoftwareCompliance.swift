import Domain
import Fluent
import Foundation
import SQLKit

/// Every product's licence position today: licences in force, seats assigned, installations on assets still in use.
/// One query per table, whatever the number of products.
enum SoftwareCompliance {
    struct Row: Sendable {
        let product: SoftwareProduct
        let position: LicencePosition
    }

    /// The positions of every product (or of one), ordered by product name.
    static func positions(on db: any Database, today: CalendarDate, product: UUID? = nil) async throws -> [Row] {
        var productQuery = SoftwareProduct.query(on: db).sort(\.$nameKey)
        var licenceQuery = Licence.query(on: db)
        if let product {
            productQuery = productQuery.filter(\.$id == product)
            licenceQuery = licenceQuery.filter(\.$productID == product)
        }
        let products = try await productQuery.all()
        let licences = try await licenceQuery.all().filter { $0.isInForce(on: today) }
        let assigned = try await RowCounts.by("licence_id", in: LicenceAssignment.schema, on: db)
        let installations = try await installationsInUse(on: db, product: product)
        var licencesByProduct: [UUID: [LicenceEntitlement]] = [:]
        for licence in licences {
            licencesByProduct[licence.productID, default: []].append(licence.entitlement(assigned: assigned[licence.id!] ?? 0))
        }
        return products.map { product in
            Row(
                product: product,
                position: LicencePosition(
                    licences: licencesByProduct[product.id!] ?? [], installations: installations[product.id!] ?? []))
        }
    }

    /// Installations on assets that are not retired or disposed, per product, with where each asset is and who holds it.
    private static func installationsInUse(on db: any Database, product: UUID?) async throws -> [UUID: [SoftwareInstallation]] {
        let sql = db.sql
        var query = sql.select()
            .column(SQLColumn("product_id", table: "i")).column(SQLColumn("asset_id", table: "i"))
            .column(SQLColumn("site_id", table: "a")).column(SQLColumn("assigned_site_id", table: "a"))
            .column(SQLColumn("assigned_employee_id", table: "a"))
            .from(SQLAlias(SQLIdentifier(SoftwareInstall.schema), as: SQLIdentifier("i")))
            .join(
                SQLAlias(SQLIdentifier(Asset.schema), as: SQLIdentifier("a")), on: SQLColumn("id", table: "a"), .equal,
                SQLColumn("asset_id", table: "i")
            )
            .where(SQLColumn("status", table: "a"), .notIn, SQLBind.group([AssetStatus.retired.rawValue, AssetStatus.disposed.rawValue]))
        if let product { query = query.where(SQLColumn("product_id", table: "i"), .equal, SQLBind(product)) }
        var result: [UUID: [SoftwareInstallation]] = [:]
        for row in try await query.all() {
            let site = try row.decodeNil(column: "site_id") ? nil : try row.decode(column: "site_id", as: UUID.self)
            let assignedSite =
                try row.decodeNil(column: "assigned_site_id") ? nil : try row.decode(column: "assigned_site_id", as: UUID.self)
            let holder =
                try row.decodeNil(column: "assigned_employee_id") ? nil : try row.decode(column: "assigned_employee_id", as: UUID.self)
            result[try row.decode(column: "product_id", as: UUID.self), default: []].append(
                SoftwareInstallation(
                    deviceID: try row.decode(column: "asset_id", as: UUID.self), siteID: site ?? assignedSite, holderID: holder))
        }
        return result
    }

    /// The compliance report as CSV: one row per product, amounts as "EUR 1500.00", several currencies joined by "; ".
    static func csv(_ rows: [Row]) -> String {
        func amounts(_ money: [Money]) -> String { money.map { "\($0.currency.code) \($0.plainDecimal)" }.joined(separator: "; ") }
        var text = CSV.line([
            "publisher", "product", "category", "status", "licences", "entitled", "installations", "covered_by_site", "assigned", "demand",
            "surplus", "shortfall", "surplus_cost_per_year", "shortfall_cost_per_year", "cost_per_year",
        ])
        for row in rows {
            let p = row.position
            text += CSV.line([
                row.product.publisher, row.product.name, row.product.categoryRaw, p.status.rawValue, String(p.licences),
                p.entitled.map(String.init) ?? "", String(p.installations), String(p.coveredBySite), String(p.assigned), String(p.demand),
                String(p.surplus), String(p.shortfall), amounts(p.surplusCostPerYear), amounts(p.shortfallCostPerYear),
                amounts(p.costPerYear),
            ])
        }
        return text
    }
}
