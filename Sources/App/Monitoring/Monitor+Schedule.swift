import Domain
import Fluent
import Foundation
import NIOPosix
import Probes
import SQLKit
import Vapor

/// Leases and schedule: renewing the shares this instance runs and rescheduling changed checks.
extension Monitor {
    func refresh() async {
        do {
            let now = self.now
            let held = try await app.write(appendsToAuditTrail: false) { [leases] db in try await leases.refresh(on: db, now: now) }
            let sql = app.db.sql
            let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLFunction("MAX", args: SQLColumn("updated_at")), as: "latest").from(Check.schema).first()
            let print =
                "\(try row?.decode(column: "n", as: Int.self) ?? 0):\(try row?.decode(column: "latest", as: Date?.self) ?? .distantPast)"
            if held != owned || print != fingerprint {
                try await reschedule(shards: held)
                (owned, fingerprint) = (held, print)
            }
            try await escalate()
        } catch {
            app.logger.error("monitor refresh failed: \(String(reflecting: error))")
        }
    }

    private func reschedule(shards: Set<Int>) async throws {
        guard let scheduler else { return }
        // Which checks and at which version, by SQL; whole checks only for those new or changed since the last look,
        // so an edit among 12,000 checks does not rebuild 12,000 models.
        var listed: [(id: UUID, version: Int, shard: Int)] = []
        if !shards.isEmpty {
            let rows = try await app.db.sql.select().columns("id", "version", "shard").from(Check.schema)
                .where("shard", .in, SQLBind.group(Array(shards))).where("enabled", .equal, SQLBind(true)).all()
            listed = try rows.map {
                (
                    try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "version", as: Int.self),
                    try $0.decode(column: "shard", as: Int.self)
                )
            }
        }
        var next: [UUID: Entry] = [:]
        var changed: Set<UUID> = []
        for check in listed {
            if let existing = entries[check.id], existing.version == check.version, existing.shard == check.shard {
                next[check.id] = existing
            } else {
                changed.insert(check.id)
            }
        }
        for chunk in changed.boundChunks() {
            for check in try await Check.query(on: app.db).filter(\.$id ~~ chunk).filter(\.$enabled == true).all()
            where shards.contains(check.shard) {
                let definition = check.definition
                next[check.id!] = Entry(version: check.version, shard: check.shard, definition: definition, probe: definition.probe())
                await scheduler.schedule(
                    check.id!, every: .seconds(definition.scheduleSeconds), deadline: .seconds(definition.timeoutSeconds + 5))
            }
        }
        for id in entries.keys where next[id] == nil { await scheduler.remove(id) }
        entries = next
    }
}
