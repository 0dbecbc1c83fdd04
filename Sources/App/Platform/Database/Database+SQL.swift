import FluentKit
import SQLKit

extension Database {
    /// The database as SQLKit sees it. Both drivers Quartermaster uses (SQLite, PostgreSQL) and its own transaction
    /// wrapper are SQL databases, so this is the one place that says so (issue 19).
    var sql: any SQLDatabase { self as! any SQLDatabase }
}
