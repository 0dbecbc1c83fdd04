import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Many writes, and the reads between them, as one transaction: the demo company's parts, each written by its own
/// services, land together or not at all (issue 18). `Application.unitOfWork` opens one write transaction and
/// binds it to the task: for everything the task and its child tasks do until the body returns, `app.db` and
/// `req.db` answer from that transaction (so a part reads what an earlier part wrote), and `Application.write` runs
/// its body in a savepoint of it instead of a transaction of its own. Nothing outside the task sees any of it before
/// the commit; a failure anywhere rolls back everything.
struct UnitOfWork: Sendable {
    /// The open transaction.
    let database: any Database
    /// Tables whose planner statistics are refreshed once the unit has committed (PostgreSQL's VACUUM cannot run
    /// inside a transaction).
    fileprivate let statistics: NIOLockedValueBox<Set<String>>
    fileprivate let savepoints: NIOLockedValueBox<Int>
    /// The unit's writes one at a time, as `WriteGate` orders them outside a unit: savepoints on one connection must
    /// nest, never interleave.
    fileprivate let gate = WriteGate()

    @TaskLocal static var current: UnitOfWork?

    /// Runs `body` in a savepoint: a failure undoes its writes alone and is rethrown, as a transaction of its own would
    /// (PostgreSQL refuses every later statement of a transaction after an error outside one).
    func savepoint<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await gate.run {
            let name = "qm_\(savepoints.withLockedValue { $0 += 1; return $0 })"
            let sql = database.sql
            try await sql.raw("SAVEPOINT \(unsafeRaw: name)").run()
            do {
                let result = try await body(database)
                try await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: name)").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: name)").run()
                try? await sql.raw("RELEASE SAVEPOINT \(unsafeRaw: name)").run()
                throw error
            }
        }
    }
}

extension Application {
    /// Runs `body` as one unit of work (see `UnitOfWork`); a unit inside a unit joins it.
    func unitOfWork<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        if UnitOfWork.current != nil { return try await body() }
        let statistics = NIOLockedValueBox<Set<String>>([])
        let result = try await write { db in
            let unit = UnitOfWork(database: db, statistics: statistics, savepoints: NIOLockedValueBox(0))
            return try await UnitOfWork.$current.withValue(unit) { try await body() }
        }
        for table in statistics.withLockedValue({ $0 }).sorted() { try await refreshStatistics(of: table, on: db) }
        return result
    }
}

/// After a bulk load the query planners' statistics describe the old table; both databases plan list queries far
/// better with fresh ones (PostgreSQL's autovacuum would get there, but later). On PostgreSQL a VACUUM also marks the
/// new rows visible to all, so that deep pages are read from the list indexes alone (3.7 ms instead of 33 ms for
/// offset 28,700 of one department). Inside a unit of work it runs once the unit has committed.
func refreshStatistics(of table: String, on db: any Database) async throws {
    if let unit = UnitOfWork.current {
        unit.statistics.withLockedValue { _ = $0.insert(table) }
        return
    }
    let sql = db.sql
    try await sql.raw(sql.engine.refreshStatistics(of: table)).run()
}

/// The database configuration behind `app.db`: the driver's own, except that a task inside a unit of work is
/// answered from the unit's transaction.
struct UnitOfWorkConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver { Driver(base: base.makeDriver(for: databases)) }

    struct Driver: DatabaseDriver {
        let base: any DatabaseDriver
        func makeDatabase(with context: DatabaseContext) -> any Database {
            if let unit = UnitOfWork.current { return unit.database }
            return base.makeDatabase(with: context)
        }
        func shutdown() { base.shutdown() }
        func shutdownAsync() async { await base.shutdownAsync() }
    }
}

extension DatabaseConfigurationFactory {
    /// `factory`'s database, joined to the task's unit of work when there is one.
    static func joiningUnitOfWork(_ factory: DatabaseConfigurationFactory) -> DatabaseConfigurationFactory {
        DatabaseConfigurationFactory { UnitOfWorkConfiguration(base: factory.make()) }
    }
}
