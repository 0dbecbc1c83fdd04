import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Hardware models as files carry them, matched by manufacturer and model name; an unknown manufacturer is created.
enum ModelTable {
    static let columns = ["manufacturer", "model", "type", "end_of_life", "lifetime_months", "list_price", "currency"]
    static let required: Set<String> = ["manufacturer", "model"]
    static let columnOfField: [String: String] = [
        "manufacturer": "manufacturer", "name": "model", "type": "type", "endOfLife": "end_of_life",
        "lifetimeMonths": "lifetime_months", "listPrice": "list_price",
    ]

    static func export(on db: any Database, format: ExportFormat) async throws -> Data {
        let lookups = try await AssetLookups.load(on: db)
        let rows = lookups.models.values.map { row($0, manufacturer: lookups.manufacturers[$0.manufacturerID] ?? "") }
            .sorted { ($0[0].lowercased(), $0[1].lowercased()) < ($1[0].lowercased(), $1[1].lowercased()) }
        return try ExportFile.encode(header: columns, rows: rows, format: format)
    }

    static func row(_ model: AssetModel, manufacturer: String) -> [String] {
        [
            manufacturer, model.name, model.typeRaw, model.endOfLifeText ?? "", model.lifetimeMonths.map(String.init) ?? "",
            model.listPrice?.plainDecimal ?? "", model.listPriceCurrency ?? "",
        ]
    }
}
