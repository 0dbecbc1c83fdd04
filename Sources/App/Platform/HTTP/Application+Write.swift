import FluentKit
import SQLKit
import Vapor

extension Application {
    /// Runs a write transaction: queued behind other writers of this process (see `WriteGate`); on SQLite holding the
    /// write lock from its start, so it waits for other processes' writers instead of failing (`SQLiteWriteTransaction`);
    /// on PostgreSQL holding a transaction-scoped advisory lock so that instances sharing the database append to the audit chain
    /// one at a time. Everything in `body` lands together or not at all.
    /// - Parameter appendsToAuditTrail: false only for bookkeeping that writes no audit entry (job leases), which
    ///   must not queue behind the chain's lock across instances.
    func write<T: Sendable>(
        appendsToAuditTrail: Bool = true, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        if let unit = UnitOfWork.current { return try await unit.savepoint(body) }
        let database = self.db
        // Every transaction reseals the head if it moved, whatever it declared: a head moved without a new seal would
        // look forged forever after (the seal's reads are two lookups by primary key).
        let seal = auditSeal
        let sealed: @Sendable (any Database) async throws -> T = { db in
            let before = try await seal.before(on: db)
            let result = try await body(db)
            try await seal.reseal(after: before, on: db)
            return result
        }
        if case .sqlite = services.config.database {
            return try await services.writeGate.run { try await SQLiteWriteTransaction.run(on: database, sealed) }
        }
        return try await services.writeGate.run {
            try await database.transaction { db in
                if appendsToAuditTrail, db.sql.engine == .postgresql {
                    let sql = db.sql
                    try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.auditLockKey))").run()
                }
                return try await sealed(db)
            }
        }
    }

    /// Seals the audit trail's head with the installation's key, and verifies the trail.
    var auditSeal: AuditSeal { AuditSeal(box: services.secretBox) }

    /// An arbitrary constant naming the audit chain's advisory lock ("QMAUDIT" in ASCII).
    static let auditLockKey: Int64 = 0x51_4D_41_55_44_49_54
}
