import Fluent
import Foundation
import SQLKit

/// "This lower-cased column contains the fragment", answered from a trigram index on both databases: on SQLite an FTS5
/// table with the trigram tokenizer that mirrors the column (kept by triggers, in the same transaction as every
/// change), on PostgreSQL a GIN index with `pg_trgm` that `LIKE '%…%'` uses. Fragments shorter than three characters
/// have no trigram and are matched by scanning, as they would be anyway.
struct TrigramSearch: Sendable {
    let table: String
    let column: String
    /// The PostgreSQL index's name.
    let index: String

    static let employees = TrigramSearch(table: "employees", column: "sort_name", index: "employees_sort_name_trigram")
    static let assets = TrigramSearch(table: "assets", column: "search_text", index: "assets_search_text_trigram")

    /// SQLite's mirror table.
    private var mirror: String { "\(table)_search" }

    func create(on sql: any SQLDatabase) async throws {
        if sql.engine == .sqlite {
            let (t, c, m) = (table, column, mirror)
            for statement in [
                "CREATE VIRTUAL TABLE \(m) USING fts5(\(c), content='\(t)', content_rowid='rowid', tokenize='trigram')",
                "CREATE TRIGGER \(m)_insert AFTER INSERT ON \(t) BEGIN\n  INSERT INTO \(m)(rowid, \(c)) VALUES (new.rowid, new.\(c)); END",
                """
                CREATE TRIGGER \(m)_delete AFTER DELETE ON \(t) BEGIN
                  INSERT INTO \(m)(\(m), rowid, \(c)) VALUES ('delete', old.rowid, old.\(c)); END
                """,
                """
                CREATE TRIGGER \(m)_update AFTER UPDATE OF \(c) ON \(t) BEGIN
                  INSERT INTO \(m)(\(m), rowid, \(c)) VALUES ('delete', old.rowid, old.\(c));
                  INSERT INTO \(m)(rowid, \(c)) VALUES (new.rowid, new.\(c)); END
                """,
                "INSERT INTO \(m)(\(m)) VALUES ('rebuild')",
            ] {
                try await sql.raw(SQLQueryString(statement)).run()
            }
        } else {
            // pg_trgm ships with PostgreSQL; creating an extension needs the right to, which the database owner has.
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
            try await sql.raw("CREATE INDEX \(ident: index) ON \(ident: table) USING gin (\(ident: column) gin_trgm_ops)").run()
        }
    }

    func drop(on sql: any SQLDatabase) async throws {
        if sql.engine == .sqlite {
            for suffix in ["insert", "delete", "update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: "\(mirror)_\(suffix)")").run()
            }
            try await sql.raw("DROP TABLE IF EXISTS \(ident: mirror)").run()
        } else {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: index)").run()
        }
    }

    /// The condition, for a fragment already lower-cased and free of `%`. With `first`, SQLite's index stops after that
    /// many matches (in no particular order), so that a common fragment costs no more than a rare one; PostgreSQL's
    /// GIN index answers with all matches at once, and the query's own limit applies.
    func contains(_ fragment: String, dialect: DatabaseEngine, first: Int? = nil) -> any SQLExpression {
        let like = SQLBinaryExpression(SQLColumn(column, table: table), .like, SQLBind("%\(fragment)%"))
        guard dialect == .sqlite, fragment.unicodeScalars.count >= 3 else { return like }
        // A quoted phrase of trigrams matches exactly the rows containing the fragment, from the index alone; LIKE on
        // the mirror would read every candidate's text back from the table to check it.
        let phrase = "\"" + fragment.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return SQLBinaryExpression(
            SQLColumn("rowid", table: table), .in,
            SQLGroupExpression(
                SQLQueryString(
                    "SELECT rowid FROM \(ident: mirror) WHERE \(ident: mirror) MATCH \(bind: phrase)\(unsafeRaw: first.map { " LIMIT \($0)" } ?? "")"
                )))
    }
}
