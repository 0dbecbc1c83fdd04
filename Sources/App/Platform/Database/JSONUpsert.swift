import Fluent
import Foundation
import SQLKit

/// Adds many rows to aggregate tables in one statement per batch: the rows travel as one JSON array bound as a single
/// parameter, which the database unpacks (`jsonb_each` on SQLite, `jsonb_array_elements` on PostgreSQL: the binary
/// form, parsed once, so reading a row's columns does not parse its text again for each) and inserts, adding to (or
/// keeping the larger of) the values of a row that is already there. Binding one text instead of nine values a row is
/// what lets a million log lines' aggregates land in a fraction of a second. The one place that branches on the
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

    /// Rows as JSON text, batch by batch, in the order they are to be stored: rows that follow the table's key
    /// order land next to each other in its index, which keeps a large upsert within the pages it has in memory.
    struct Rows {
        let table: Table
        private(set) var batches: [String] = []
        private var text = ""
        private var inBatch = 0

        init(_ table: Table) {
            self.table = table
        }

        /// One row; `build` adds its values in the table's column order.
        mutating func append(_ build: (inout Row) -> Void) {
            if inBatch == JSONUpsert.batch { finishBatch() }
            var row = Row()
            swap(&row.text, &text)
            row.text += inBatch == 0 ? "[[" : ",["
            build(&row)
            row.text += "]"
            swap(&row.text, &text)
            inBatch += 1
        }

        /// Every batch's JSON text.
        var finished: [String] {
            var rows = self
            rows.finishBatch()
            return rows.batches
        }

        private mutating func finishBatch() {
            guard inBatch > 0 else { return }
            batches.append(text + "]")
            text = ""
            inBatch = 0
        }
    }

    /// A row's JSON text as it is written.
    struct Row {
        fileprivate var text = ""
        private var values = 0

        mutating func add(_ value: Value) {
            if values > 0 { text += "," }
            values += 1
            JSONUpsert.append(value, to: &text)
        }

        /// Values already written as JSON (a run of columns many rows share).
        mutating func add(_ fragment: Fragment) {
            if values > 0 { text += "," }
            values += fragment.count
            text += fragment.text
        }
    }

    /// Several values written as JSON once, to be added to many rows.
    struct Fragment: Sendable {
        let text: String
        let count: Int

        init(_ values: [Value]) {
            var text = ""
            for (index, value) in values.enumerated() {
                if index > 0 { text += "," }
                JSONUpsert.append(value, to: &text)
            }
            self.text = text
            self.count = values.count
        }
    }

    /// Stores the rows: inserted, or added to the row already there.
    static func store(_ rows: Rows, on db: any Database) async throws {
        let batches = rows.finished
        guard !batches.isEmpty else { return }
        let sql = db.sql
        let statement = self.statement(rows.table, postgres: sql.engine != .sqlite)
        for json in batches {
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
        let source = postgres ? "FROM jsonb_array_elements(" : "FROM jsonb_each("
        // SQLite needs the WHERE to tell the upsert's ON from a join's.
        let after = postgres ? "::jsonb) AS e" : ") WHERE true"
        return (
            "INSERT INTO \(table.name) (\(names)) SELECT \(values) \(source)",
            "\(after) ON CONFLICT (\(table.key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))"
        )
    }

    static func append(_ value: Value, to text: inout String) {
        switch value {
        case .integer(let number): text += String(number)
        case .uuid(let id): text += id.map { "\"\($0.uuidString)\"" } ?? "null"
        case .text(let string): appendQuoted(string, to: &text)
        }
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
