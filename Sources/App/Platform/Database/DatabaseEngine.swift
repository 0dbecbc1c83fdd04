import FluentKit
import SQLKit

/// The two databases Quartermaster runs on, and the few places where their SQL differs. Everything else is written
/// once, in what Fluent and SQLKit express portably; a difference belongs here, named for what it does.
enum DatabaseEngine: Sendable, Equatable {
    case sqlite, postgresql

    init(_ sql: any SQLDatabase) {
        self = sql.dialect.name == "postgresql" ? .postgresql : .sqlite
    }

    /// Locks the rows a read returns until the transaction ends, so that two writers cannot both act on what they read.
    /// SQLite needs none: a write transaction holds the whole database. `skippingLocked` passes over rows another
    /// transaction holds (job leases), instead of waiting for them.
    func rowLock(skippingLocked: Bool = false) -> SQLQueryString {
        guard self == .postgresql else { return "" }
        return skippingLocked ? "FOR UPDATE SKIP LOCKED" : "FOR UPDATE"
    }

    /// Refreshes the planner's statistics of a table; on PostgreSQL a VACUUM also marks its rows visible to all, so
    /// that index-only scans need not visit the table.
    func refreshStatistics(of table: String) -> SQLQueryString {
        "\(unsafeRaw: self == .postgresql ? "VACUUM ANALYZE" : "ANALYZE") \(ident: table)"
    }
}

extension SQLDatabase {
    /// Which of the two databases this is.
    var engine: DatabaseEngine { DatabaseEngine(self) }
}
