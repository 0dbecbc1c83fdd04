import Fluent
import Foundation
import SQLKit

/// Adds many rows to aggregate tables in one statement per batch: the rows travel as one JSON array bound as a single
/// parameter, which the database unpacks (`json_each` on SQLite, `json_array_elements` on PostgreSQL) and inserts, adding
/// to (or keeping the larger of) the values of a row that is already there. Binding one text instead of nine values a
/// row is what lets a million log lines' aggregates land in a fraction of a second. The one place that branches on the
/// dialect for it.
enum JSONUpsert {
    enum Kind: Sendable {
        case text, uuid, integer
    }

    enum Value: Sendable {
        case text(String)
        case uuid(UUID?)
        case integer(Int64)
    }

    struct Table: Sendable {
        let name: String
        let columns: [(name: String, kind: Kind)]
        let key: [String]
        /// Columns a conflicting row adds to its own.
        let adding: [String]
        /// Columns a conflicting row keeps the larger of.
        var largest: [String] = []
    }

    static let batch = 20_000

    static func rows(_ rows: [[Value]], into table: Table, on db: any Database) async throws {
        guard !rows.isEmpty else { return }
        let sql = db as! any SQLDatabase
        let postgres = sql.dialect.name != "sqlite"
        let statement = self.statement(table, postgres: postgres)
        for start in stride(from: 0, to: rows.count, by: batch) {
            let json = self.json(rows[start..<min(start + batch, rows.count)])
            var query = SQLQueryString(statement.before)
            query.appendInterpolation(bind: json)
            query.appendLiteral(statement.after)
            try await sql.raw(query).run()
        }
    }

    /// The statement's text before and after the one parameter.
    static func statement(_ table: Table, postgres: Bool) -> (before: String, after: String) {
        let names = table.columns.map(\.name).joined(separator: ", ")
        let values = table.columns.enumerated().map { index, column in
            let field = postgres ? "e->>\(index)" : "value->>\(index)"
            guard postgres else { return field }
            switch column.kind {
            case .text: return field
            case .uuid: return "(\(field))::uuid"
            case .integer: return "(\(field))::bigint"
            }
        }.joined(separator: ", ")
        let greatest = postgres ? "GREATEST" : "MAX"
        let updates =
            table.adding.map { "\($0) = \(table.name).\($0) + excluded.\($0)" }
            + table.largest.map { "\($0) = \(greatest)(\(table.name).\($0), excluded.\($0))" }
        let source = postgres ? "FROM json_array_elements(" : "FROM json_each("
        // SQLite needs the WHERE to tell the upsert's ON from a join's.
        let after = postgres ? "::json) AS e" : ") WHERE true"
        return (
            "INSERT INTO \(table.name) (\(names)) SELECT \(values) \(source)",
            "\(after) ON CONFLICT (\(table.key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))"
        )
    }

    static func json(_ rows: ArraySlice<[Value]>) -> String {
        var text = "["
        text.reserveCapacity(rows.count * 120)
        for (index, row) in rows.enumerated() {
            text += index == 0 ? "[" : ",["
            for (position, value) in row.enumerated() {
                if position > 0 { text += "," }
                switch value {
                case .integer(let number): text += String(number)
                case .uuid(let id): text += id.map { "\"\($0.uuidString)\"" } ?? "null"
                case .text(let string): appendQuoted(string, to: &text)
                }
            }
            text += "]"
        }
        return text + "]"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped; log text may hold any of them.
    static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        var plain = true
        for byte in string.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        if plain {
            text += string
        } else {
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
