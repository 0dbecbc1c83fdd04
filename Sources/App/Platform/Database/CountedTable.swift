import Fluent
import Foundation
import SQLKit

/// How many rows a table has per combination of a few columns, kept by triggers in the same transaction as every
/// change: a list's total adds up a few dozen rows instead of counting hundreds of thousands on every request. A NULL
/// key is stored as a sentinel, so the key is never NULL. The one place where both databases' trigger syntax lives.
struct CountedTable: Sendable {
    struct Column: Sendable {
        let name: String
        /// A UUID column that may be NULL (stored as the sentinel); otherwise a text column that may not.
        let nullableUUID: Bool
    }

    let table: String
    let counts: String
    let columns: [Column]

    static let employees = CountedTable(
        table: "employees", counts: "employee_counts",
        columns: [
            .init(name: "department_id", nullableUUID: true), .init(name: "site_id", nullableUUID: true),
            .init(name: "status", nullableUUID: false),
        ])
    static let assets = CountedTable(
        table: "assets", counts: "asset_counts",
        columns: [
            .init(name: "type", nullableUUID: false), .init(name: "status", nullableUUID: false),
            .init(name: "site_id", nullableUUID: true),
        ])

    /// The sentinel for NULL in a counts table: '' on SQLite, the nil UUID on PostgreSQL.
    static func none(_ engine: DatabaseEngine) -> String { engine == .sqlite ? "''" : "'00000000-0000-0000-0000-000000000000'::uuid" }

    func create(on sql: any SQLDatabase) async throws {
        let engine = sql.engine
        let none = Self.none(engine)
        func key(_ prefix: String) -> String {
            columns.map { $0.nullableUUID ? "coalesce(\(prefix)\($0.name), \(none))" : "\(prefix)\($0.name)" }.joined(separator: ", ")
        }
        let names = columns.map(\.name).joined(separator: ", ")
        let changed = columns.map(\.name)
        let groups = (1...columns.count).map(String.init).joined(separator: ", ")
        let statements: [String]
        if engine == .sqlite {
            let matchOld = columns.map { $0.nullableUUID ? "\($0.name) = coalesce(old.\($0.name), '')" : "\($0.name) = old.\($0.name)" }
                .joined(separator: " AND ")
            let definitions = columns.map { $0.nullableUUID ? "\($0.name) NOT NULL" : "\($0.name) TEXT NOT NULL" }.joined(separator: ", ")
            statements = [
                "CREATE TABLE \(counts) (\(definitions), n INTEGER NOT NULL, PRIMARY KEY (\(names))) WITHOUT ROWID",
                """
                CREATE TRIGGER \(counts)_insert AFTER INSERT ON \(table) BEGIN
                  INSERT INTO \(counts) VALUES (\(key("new.")), 1) ON CONFLICT DO UPDATE SET n = n + 1; END
                """,
                "CREATE TRIGGER \(counts)_delete AFTER DELETE ON \(table) BEGIN UPDATE \(counts) SET n = n - 1 WHERE \(matchOld); END",
                """
                CREATE TRIGGER \(counts)_update AFTER UPDATE OF \(changed.joined(separator: ", ")) ON \(table)
                WHEN \(changed.map { "old.\($0) IS NOT new.\($0)" }.joined(separator: " OR ")) BEGIN
                  UPDATE \(counts) SET n = n - 1 WHERE \(matchOld);
                  INSERT INTO \(counts) VALUES (\(key("new.")), 1) ON CONFLICT DO UPDATE SET n = n + 1; END
                """,
                "INSERT INTO \(counts) SELECT \(key("")), count(*) FROM \(table) GROUP BY \(groups)",
            ]
        } else {
            // Statement-level triggers over transition tables: one upsert per key and statement. Row-level ones would
            // update the same few count rows once per row, and inside one transaction (a demo load, an import by COPY)
            // PostgreSQL keeps every version of them, so each update walks all earlier ones: 224,000 assets took 4 minutes.
            let definitions = columns.map { "\($0.name) \($0.nullableUUID ? "uuid" : "text") NOT NULL" }.joined(separator: ", ")
            let keyAs = columns.map { $0.nullableUUID ? "coalesce(\($0.name), \(none)) AS \($0.name)" : $0.name }.joined(separator: ", ")
            func add(_ rows: String) -> String {
                """
                INSERT INTO \(counts) SELECT \(key("")), count(*) FROM \(rows) GROUP BY \(groups)
                  ON CONFLICT (\(names)) DO UPDATE SET n = \(counts).n + EXCLUDED.n;
                """
            }
            func subtract(_ rows: String) -> String {
                """
                UPDATE \(counts) AS c SET n = c.n - d.n FROM (SELECT \(keyAs), count(*) AS n FROM \(rows) GROUP BY \(groups)) AS d
                  WHERE \(columns.map { "c.\($0.name) = d.\($0.name)" }.joined(separator: " AND "));
                """
            }
            // Only rows whose counted columns changed move between counts.
            let changes = changed.map { "o.\($0) IS DISTINCT FROM w.\($0)" }.joined(separator: " OR ")
            func changedRows(_ side: String) -> String { "(SELECT \(side).* FROM old_rows o JOIN new_rows w USING (id) WHERE \(changes))" }
            func function(_ name: String, _ body: String) -> String {
                "CREATE FUNCTION \(counts)_\(name)() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n\(body)\nRETURN NULL;\nEND $$"
            }
            statements = [
                "CREATE TABLE \(counts) (\(definitions), n bigint NOT NULL, PRIMARY KEY (\(names)))",
                function("inserted", add("new_rows")),
                function("deleted", subtract("old_rows")),
                function("updated", subtract("\(changedRows("o")) AS moved") + "\n" + add("\(changedRows("w")) AS arrived")),
                "CREATE TRIGGER \(counts)_insert AFTER INSERT ON \(table) REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(counts)_inserted()",
                "CREATE TRIGGER \(counts)_delete AFTER DELETE ON \(table) REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION \(counts)_deleted()",
                """
                CREATE TRIGGER \(counts)_update AFTER UPDATE ON \(table) REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION \(counts)_updated()
                """,
                "INSERT INTO \(counts) SELECT \(key("")), count(*) FROM \(table) GROUP BY \(groups)",
            ]
        }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func drop(on sql: any SQLDatabase) async throws {
        if sql.engine == .sqlite {
            for suffix in ["insert", "delete", "update"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: "\(counts)_\(suffix)")")).run()
            }
        } else {
            for suffix in ["insert", "delete", "update"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: "\(counts)_\(suffix)") ON \(unsafeRaw: table)")).run()
            }
            // Databases made before the triggers were statement-level have the one row-level function and triggers.
            try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: "\(counts)_insert_delete") ON \(unsafeRaw: table)")).run()
            for function in ["inserted", "deleted", "updated", "change"] {
                try await sql.raw(SQLQueryString("DROP FUNCTION IF EXISTS \(unsafeRaw: "\(counts)_\(function)")()")).run()
            }
        }
        try await sql.raw(SQLQueryString("DROP TABLE IF EXISTS \(unsafeRaw: counts)")).run()
    }

    /// The number of rows matching `condition`, which may name only the counted columns (with NULL as `none`).
    func total(where condition: (any SQLExpression)?, on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let n: Int }
        var sum = sql.select().column(SQLRaw("CAST(coalesce(sum(n), 0) AS BIGINT)"), as: "n").from(counts)
        if let condition { sum = sum.where(condition) }
        return try await sum.first(decoding: Row.self)?.n ?? 0
    }
}
