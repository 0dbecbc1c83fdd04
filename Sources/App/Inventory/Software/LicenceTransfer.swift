import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Licences as files carry them, matched by product (publisher and name) and licence name. A key may be given to
/// import it (sealed at once, as on the form); an export never contains one, and a file without the column keeps the
/// stored keys.
enum LicenceTable {
    static let columns = [
        "publisher", "product", "name", "kind", "seats", "site", "vendor", "cost", "currency", "billing", "start_date", "renewal_date",
        "auto_renews", "renewal_months", "order_number", "cost_centre", "notes",
    ]
    /// Accepted on import only.
    static let importOnly = ["key"]
    static let required: Set<String> = ["product", "name"]
    static let columnOfField: [String: String] = [
        "productId": "product", "vendorId": "vendor", "name": "name", "kind": "kind", "seats": "seats", "siteId": "site",
        "cost": "cost", "billing": "billing", "startDate": "start_date", "renewalDate": "renewal_date", "renewalMonths": "renewal_months",
        "orderNumber": "order_number", "costCentreId": "cost_centre", "notes": "notes", "key": "key",
    ]

    static func export(on db: any Database, format: ExportFormat) async throws -> Data {
        let names = try await Names.load(on: db)
        let licences = try await Licence.query(on: db).all()
        let rows = licences.map { names.row($0) }.sorted {
            $0.prefix(3).map { $0.lowercased() }.lexicographicallyPrecedes($1.prefix(3).map { $0.lowercased() })
        }
        return try ExportFile.encode(header: columns, rows: rows, format: format)
    }

    struct Names: Sendable {
        let products: [UUID: SoftwareProduct]
        let vendors: [UUID: String]
        let sites: [UUID: String]
        let costCentres: [UUID: String]

        static func load(on db: any Database) async throws -> Names {
            Names(
                products: Dictionary(uniqueKeysWithValues: try await SoftwareProduct.query(on: db).all().map { ($0.id!, $0) }),
                vendors: Dictionary(uniqueKeysWithValues: try await Vendor.query(on: db).all().map { ($0.id!, $0.name) }),
                sites: Dictionary(uniqueKeysWithValues: try await Site.query(on: db).all().map { ($0.id!, $0.name) }),
                costCentres: Dictionary(uniqueKeysWithValues: try await CostCentre.query(on: db).all().map { ($0.id!, $0.code) }))
        }

        func row(_ l: Licence) -> [String] {
            let product = products[l.productID]
            return [
                product?.publisher ?? "", product?.name ?? "", l.name, l.kindRaw, l.seats.map(String.init) ?? "",
                l.siteID.flatMap { sites[$0] } ?? "", l.vendorID.flatMap { vendors[$0] } ?? "", l.cost?.plainDecimal ?? "",
                l.costCurrency ?? "",
                l.billingRaw, l.startDateText, l.renewalDateText ?? "", l.autoRenews ? "yes" : "no", String(l.renewalMonths), l.orderNumber,
                l.costCentreID.flatMap { costCentres[$0] } ?? "", l.notes,
            ]
        }
    }
}
