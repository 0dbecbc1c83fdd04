import Fluent
import Foundation
import SQLKit
import Vapor

/// Shares the checks between server instances. The checks fall into `shards` shares; each instance leases shares
/// and runs only their checks. Every instance says it is alive at each refresh, and each takes its fair share
/// (the shares divided by the live instances, rounded up): it renews what it holds up to that share, gives back
/// the rest, and takes free or expired shares. When an instance dies its leases run out and the others take its
/// shares at their next refresh, well within one check interval. On PostgreSQL the lease rows are locked while an
/// instance decides (`FOR UPDATE`), so two never take the same share; on SQLite one writer runs at a time anyway.
struct MonitorLeases: Sendable {
    static let shards = 16

    let owner: String
    let leaseSeconds: TimeInterval

    /// Renews, gives back and takes leases; returns the shares this instance holds until `now + leaseSeconds`.
    func refresh(on db: any Database, now: Date) async throws -> Set<Int> {
        let sql = db.sql
        let instances = MonitorLeaseTable.instances
        let seen = try await sql.update(instances).set("seen_at", to: SQLBind(now)).where("owner", .equal, SQLBind(owner))
            .returning("owner").all()
        if seen.isEmpty {
            try await sql.insert(into: instances).columns("owner", "seen_at").values(SQLBind(owner), SQLBind(now)).run()
        }
        try await sql.delete(from: instances).where("seen_at", .lessThan, SQLBind(now.addingTimeInterval(-3 * leaseSeconds))).run()
        // Live: seen within one lease. One that stopped renewing no longer counts, so the others take its shares.
        let live = max(
            1,
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(instances)
                .where("seen_at", .greaterThanOrEqual, SQLBind(now.addingTimeInterval(-leaseSeconds))).first()?
                .decode(column: "n", as: Int.self) ?? 1)
        let share = (Self.shards + live - 1) / live

        let lock = sql.engine.rowLock()
        let rows = try await sql.raw("SELECT shard, owner, expires_at FROM monitor_leases ORDER BY shard \(lock)").all()
        var mine: [Int] = []
        var free: [Int] = []
        for row in rows {
            let shard = try row.decode(column: "shard", as: Int.self)
            let holder = try row.decode(column: "owner", as: String?.self)
            let expires = try row.decode(column: "expires_at", as: Date?.self)
            if holder == owner {
                mine.append(shard)
            } else if holder == nil || (expires ?? .distantPast) < now {
                free.append(shard)
            }
        }
        let keep = Array(mine.prefix(share))
        let giveBack = mine.dropFirst(share)
        let take = free.prefix(max(0, share - keep.count))
        let held = keep + take
        if !held.isEmpty {
            try await sql.update(MonitorLeaseTable.name).set("owner", to: SQLBind(owner))
                .set("expires_at", to: SQLBind(now.addingTimeInterval(leaseSeconds)))
                .where("shard", .in, SQLBind.group(held)).run()
        }
        if !giveBack.isEmpty {
            try await sql.update(MonitorLeaseTable.name).set("owner", to: SQLLiteral.null).set("expires_at", to: SQLLiteral.null)
                .where("shard", .in, SQLBind.group(Array(giveBack))).where("owner", .equal, SQLBind(owner)).run()
        }
        return Set(held)
    }

    /// Gives every share back, at shutdown, so the others take them at once instead of waiting for the leases.
    func release(on db: any Database) async throws {
        let sql = db.sql
        try await sql.update(MonitorLeaseTable.name).set("owner", to: SQLLiteral.null).set("expires_at", to: SQLLiteral.null)
            .where("owner", .equal, SQLBind(owner)).run()
        try await sql.delete(from: MonitorLeaseTable.instances).where("owner", .equal, SQLBind(owner)).run()
    }

    /// The shares `owner` holds right now, read inside a write: results of a share lost meanwhile are not written.
    static func held(by owner: String, on db: any Database, now: Date) async throws -> Set<Int> {
        let rows = try await db.sql.select().column("shard").from(MonitorLeaseTable.name)
            .where("owner", .equal, SQLBind(owner)).where("expires_at", .greaterThan, SQLBind(now)).all()
        return Set(try rows.map { try $0.decode(column: "shard", as: Int.self) })
    }
}

/// Which instance runs which share of the checks: a lease per shard, renewed while the instance lives.
enum MonitorLeaseTable {
    static let name = "monitor_leases"
    /// The instances that run checks, each with when it was last seen, so each can take its fair share.
    static let instances = "monitor_instances"
}
