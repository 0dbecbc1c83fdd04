import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Software installations as an inventory agent or a spreadsheet lists them: which product, in which version, on
/// which device. Matched by device and product; a product the file names first is created.
enum InstallationTable {
    static let columns = ["device", "publisher", "product", "category", "version", "installed_on"]
    static let required: Set<String> = ["device", "product"]

    private struct Row: Decodable {
        let tag: String
        let publisher: String
        let name: String
        let category: String
        let product_version: String
        let installed_on: String?
    }

    static func export(on db: any Database, format: ExportFormat) async throws -> Data {
        let rows = try await db.sql.select()
            .column(SQLColumn("tag", table: "a")).column(SQLColumn("publisher", table: "p")).column(SQLColumn("name", table: "p"))
            .column(SQLColumn("category", table: "p")).column(SQLColumn("product_version", table: "i"))
            .column(SQLColumn("installed_on", table: "i"))
            .from(SQLAlias(SQLIdentifier(SoftwareInstall.schema), as: SQLIdentifier("i")))
            .join(
                SQLAlias(SQLIdentifier(Asset.schema), as: SQLIdentifier("a")), on: SQLColumn("asset_id", table: "i"), .equal,
                SQLColumn("id", table: "a")
            )
            .join(
                SQLAlias(SQLIdentifier(SoftwareProduct.schema), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "i"), .equal,
                SQLColumn("id", table: "p")
            )
            .orderBy(SQLColumn("tag_key", table: "a")).orderBy(SQLColumn("name_key", table: "p"))
            .all(decoding: Row.self)
        return try ExportFile.encode(
            header: columns, rows: rows.map { [$0.tag, $0.publisher, $0.name, $0.category, $0.product_version, $0.installed_on ?? ""] },
            format: format)
    }
}
