import Fluent
import Foundation
import SQLKit

/// How many rows of a table carry each value of a reference column: assets per model, contracts per vendor.
enum RowCounts {
    static func by(_ column: String, in table: String, on db: any Database) async throws -> [UUID: Int] {
        let rows = try await db.sql.select().column(SQLIdentifier(column))
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table).groupBy(column).all()
        var counts: [UUID: Int] = [:]
        for row in rows { counts[try row.decode(column: column, as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        return counts
    }
}
