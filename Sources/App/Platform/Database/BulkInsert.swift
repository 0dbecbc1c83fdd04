import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit

/// Many rows into one table inside an open write transaction, as fast as each database takes them: PostgreSQL through
/// `COPY … FROM STDIN` (no statement to parse or parameter to bind per row), SQLite through multi-row inserts as large
/// as its parameter limit allows. The one place where demo loads and imports branch on the dialect for bulk writes.
enum BulkInsert {
    /// A value as both paths need it.
    enum Value: Sendable {
        case uuid(UUID)
        case text(String)
        case int(Int)
        case date(Date)
        case bool(Bool)
        case double(Double)
        case null
    }

    static func rows(into table: String, columns: [String], _ rows: [[Value]], on db: any Database) async throws {
        guard !rows.isEmpty else { return }
        if let postgres = db as? any PostgresDatabase {
            try await copy(into: table, columns: columns, rows, on: postgres)
        } else {
            let sql = db.sql
            // SQLite takes up to 32,766 parameters a statement.
            let batch = max(1, 32_000 / columns.count)
            for start in stride(from: 0, to: rows.count, by: batch) {
                var insert = sql.insert(into: table).columns(columns)
                for row in rows[start..<min(start + batch, rows.count)] { insert = insert.values(row.map(bind)) }
                try await insert.run()
            }
        }
    }

    /// Rewrites one row, found by its id (the first of `columns`), with `values`; its creation time stays.
    static func update(_ table: String, columns: [String], _ values: [Value], on db: any Database) async throws {
        precondition(columns.first == "id" && columns.count == values.count)
        var update = db.sql.update(table)
        for (column, value) in zip(columns, values).dropFirst() where column != "created_at" {
            update = update.set(SQLIdentifier(column), to: bind(value))
        }
        try await update.where("id", .equal, bind(values[0])).run()
    }

    static func bind(_ value: Value) -> any SQLExpression {
        switch value {
        case .uuid(let id): SQLBind(id)
        case .text(let text): SQLBind(text)
        case .int(let number): SQLBind(number)
        case .date(let date): SQLBind(date)
        case .bool(let flag): SQLBind(flag)
        case .double(let number): SQLBind(number)
        case .null: SQLLiteral.null
        }
    }

    private static func copy(into table: String, columns: [String], _ rows: [[Value]], on db: any PostgresDatabase) async throws {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // COPY's text format: tab between fields, newline after a row, \N for null, backslash escapes.
        func field(_ value: Value) -> String {
            switch value {
            case .uuid(let id): id.uuidString.lowercased()
            case .int(let number): String(number)
            case .date(let date): iso.string(from: date)
            case .bool(let flag): flag ? "t" : "f"
            case .double(let number): String(number)
            case .null: "\\N"
            case .text(let text):
                text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                    .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
            }
        }
        var chunks: [String] = []
        var chunk = ""
        for row in rows {
            chunk += row.map(field).joined(separator: "\t") + "\n"
            if chunk.utf8.count > 1 << 20 {
                chunks.append(chunk)
                chunk = ""
            }
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        let logger = db.logger
        let finalChunks = chunks
        try await db.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for text in finalChunks { try await writer.write(ByteBuffer(string: text)) }
                }
            }
        }.get()
    }
}
