import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

extension EmployeeDirectory {
    /// A search's page and its total in one statement. The matches are materialised first: otherwise PostgreSQL
    /// walks the whole name index in order, filtering row by row, rather than asking the trigram index and sorting the
    /// few hundred matches. Counting the materialised matches costs a third less than a window count over them, which
    /// copies every match once more (1.8 → 1.2 ms on SQLite, 1.35 → 1.1 ms on PostgreSQL for 1,527 matches).
    /// The total is nil when the page is past the end.
    static func searchPage<Record: Reading>(
        _ sql: any SQLDatabase, condition: (any SQLExpression)?, order: [(column: String, direction: SQLDirection)], query: ListQuery,
        reading: Record.Type
    ) async throws -> (employees: [Record], total: Int?) {
        let table = Employee.schema
        var matches = sql.select().column("id").from(table)
        for column in Set(order.map(\.column)).subtracting(["id"]).sorted() { matches = matches.column(column) }
        if let condition { matches = matches.where(condition) }
        func orderBy(_ table: String) -> SQLList {
            SQLList(order.map { SQLOrderBy(expression: SQLColumn($0.column, table: table), direction: $0.direction) })
        }
        let columns = SQLList(Record.columns.map { SQLColumn($0, table: table) })
        let rows = try await sql.raw(
            """
            WITH matches AS MATERIALIZED (\(matches.select)), \
            page AS (SELECT id FROM matches ORDER BY \(orderBy("matches")) LIMIT \(literal: query.limit) OFFSET \(literal: query.offset)) \
            SELECT \(columns), (SELECT count(*) FROM matches) AS n \
            FROM page JOIN \(ident: table) ON \(ident: table).id = page.id ORDER BY \(orderBy(table))
            """
        ).all()
        return (try rows.map(Record.init), try rows.first?.decode(column: "n", as: Int.self))
    }
}
