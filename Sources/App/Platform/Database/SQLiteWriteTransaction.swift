import FluentKit
import Logging
import NIOCore
import SQLKit

/// A write transaction on SQLite that takes the write lock when it begins (`BEGIN IMMEDIATE`).
///
/// Fluent's SQLite transaction begins deferred: it reads under a snapshot and asks for the write lock at its first
/// write. When another connection — the server beside a command, or a command beside the server — wrote in between,
/// SQLite answers SQLITE_BUSY at once ("database is locked"), by design and whatever the busy handler: the snapshot
/// is stale. Taking the lock first lets writers of every process wait for each other instead.
///
/// It stands for the one connection it runs on, and says it is in a transaction, so a nested `transaction` joins it.
struct SQLiteWriteTransaction: Database, SQLDatabase {
    private let connection: any Database
    private var connectionSQL: any SQLDatabase { connection.sql }

    /// Runs `body` in one transaction holding SQLite's write lock from its first statement.
    static func run<T: Sendable>(on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T
    {
        try await database.withConnection { connection in
            let transaction = SQLiteWriteTransaction(connection: connection)
            try await transaction.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(transaction)
                try await transaction.raw("COMMIT").run()
                return result
            } catch {
                try? await transaction.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    // Fluent
    var context: DatabaseContext { connection.context }
    var inTransaction: Bool { true }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        connection.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { connection.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { connection.execute(enum: `enum`) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> { closure(self) }
    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> { closure(self) }

    // SQLKit
    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { connectionSQL.version }
    var dialect: any SQLDialect { connectionSQL.dialect }
    var queryLogLevel: Logger.Level? { connectionSQL.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        connectionSQL.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await connectionSQL.execute(sql: query, onRow)
    }
}
