import Fluent
import SQLKit

/// A number that every change to what the usage report counts moves on: a stored checkpoint of an ingest, the
/// retention job, a change of the categories. Each bumps it in the transaction of its change, so a server sees the
/// change of another process (`quartermaster usage ingest` beside it) as soon as it is committed. `UsageReportCache`
/// keeps a report only as long as the number it was computed at is the current one.
enum UsageRevision {
    static let table = "usage_revision"

    /// Call inside the transaction that changes the usage data.
    static func bump(on db: any Database) async throws {
        try await db.sql.update(table).set("revision", to: SQLBinaryExpression(SQLColumn("revision"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, SQLLiteral.numeric("1")).run()
    }

    static func current(on db: any Database) async throws -> Int64 {
        try await db.sql.select().column("revision").from(table).where("id", .equal, SQLLiteral.numeric("1")).first()?
            .decode(column: "revision", as: Int64.self) ?? 0
    }
}

/// The one-row table behind `UsageRevision`.
struct AddUsageRevision: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UsageRevision.table)
            .field("id", .int, .identifier(auto: false))
            .field("revision", .int64, .required)
            .create()
        try await database.sql.insert(into: UsageRevision.table).columns("id", "revision")
            .values(SQLLiteral.numeric("1"), SQLLiteral.numeric("0")).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UsageRevision.table).delete()
    }
}
