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
    static func none(_ dialect: String) -> String { dialect == "sqlite" ? "''" : "'00000000-0000-0000-0000-000000000000'::uuid" }

    func create(on sql: any SQLDatabase) async throws {
        let dialect = sql.dialect.name
        let none = Self.none(dialect)
        func key(_ prefix: String) -> String {
            columns.map { $0.nullableUUID ? "coalesce(\(prefix)\($0.name), \(none))" : "\(prefix)\($0.name)" }.joined(separator: ", ")
        }
        let names = columns.map(\.name).joined(separator: ", ")
        let changed = columns.map(\.name)
        let groups = (1...columns.count).map(String.init).joined(separator: ", ")
        let statements: [String]
        if dialect == "sqlite" {
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
            let definitions = columns.map { "\($0.name) \($0.nullableUUID ? "uuid" : "text") NOT NULL" }.joined(separator: ", ")
            statements = [
                "CREATE TABLE \(counts) (\(definitions), n bigint NOT NULL, PRIMARY KEY (\(names)))",
                """
                CREATE FUNCTION \(counts)_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    UPDATE \(counts) SET n = n - 1 WHERE (\(names)) = (\(key("OLD.")));
                  END IF;
                  IF TG_OP IN ('UPDATE', 'INSERT') THEN
                    INSERT INTO \(counts) VALUES (\(key("NEW.")), 1) ON CONFLICT (\(names)) DO UPDATE SET n = \(counts).n + 1;
                  END IF;
                  RETURN NULL;
                END $$
                """,
                "CREATE TRIGGER \(counts)_insert_delete AFTER INSERT OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(counts)_change()",
                """
                CREATE TRIGGER \(counts)_update AFTER UPDATE OF \(changed.joined(separator: ", ")) ON \(table) FOR EACH ROW
                WHEN (\(changed.map { "OLD.\($0) IS DISTINCT FROM NEW.\($0)" }.joined(separator: " OR ")))
                EXECUTE FUNCTION \(counts)_change()
                """,
                "INSERT INTO \(counts) SELECT \(key("")), count(*) FROM \(table) GROUP BY \(groups)",
            ]
        }
        for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
    }

    func drop(on sql: any SQLDatabase) async throws {
        if sql.dialect.name == "sqlite" {
            for suffix in ["insert", "delete", "update"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: "\(counts)_\(suffix)")")).run()
            }
        } else {
            for suffix in ["insert_delete", "update"] {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: "\(counts)_\(suffix)") ON \(unsafeRaw: table)")).run()
            }
            try await sql.raw(SQLQueryString("DROP FUNCTION IF EXISTS \(unsafeRaw: counts)_change()")).run()
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
