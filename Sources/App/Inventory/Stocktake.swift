import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Physical audits: walking the rooms with a scanner, each asset tag read is recorded as seen (when, by whom, where),
/// and what has not been seen for some months is listed. A stocktake of any size is one transaction and one audit entry.
struct Stocktake: Sendable {
    let app: Application
    let actor: AuditActor

    struct Result: Sendable {
        let seen: [Asset]
        /// Tags read that no asset has.
        let unknown: [String]
        /// Assets seen at another site than recorded for them: to move, or to bring back.
        let elsewhere: [Asset]
    }

    /// Records the tags as seen now, at `siteID` when given. Tags are read as typed or scanned: one per line, or
    /// separated by spaces or commas, without regard to case.
    func record(_ text: String, siteID: UUID?, note: String = "") async throws -> Result {
        var read: [String] = []
        var distinct: Set<String> = []
        for part in text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
            let key = part.uppercased()
            if distinct.insert(key).inserted { read.append(key) }
        }
        let keys = read
        guard !keys.isEmpty else { throw ValidationFailure([FieldError(field: "tags", code: .required)]) }
        guard keys.count <= 5_000 else { throw ValidationFailure([FieldError(field: "tags", code: .tooLong)]) }
        if note.count > 500 { throw ValidationFailure([FieldError(field: "note", code: .tooLong)]) }
        let (now, actor) = (app.services.clock.now(), actor)
        return try await app.write { db in
            if let siteID, try await Site.find(siteID, on: db) == nil {
                throw ValidationFailure([FieldError(field: "siteId", code: .notFound)])
            }
            let sql = db.sql
            var assets: [Asset] = []
            for batch in stride(from: 0, to: keys.count, by: 500) {
                assets += try await Asset.query(on: db).filter(\.$tagKey ~~ Array(keys[batch..<min(batch + 500, keys.count)])).all()
            }
            let found = Set(assets.map(\.tagKey))
            let ids = assets.compactMap(\.id)
            // Each asset's history continues from its last event.
            var last: [UUID: Int] = [:]
            for batch in stride(from: 0, to: ids.count, by: 500) {
                let part = Array(ids[batch..<min(batch + 500, ids.count)])
                for row in try await sql.select().column("asset_id").column(SQLFunction("max", args: SQLIdentifier("sequence")), as: "last")
                    .from(AssetEvent.schema).where("asset_id", .in, SQLBind.group(part)).groupBy("asset_id").all()
                {
                    last[try row.decode(column: "asset_id", as: UUID.self)] = try row.decode(column: "last", as: Int.self)
                }
                try await sql.update(Asset.schema).set("last_seen_at", to: SQLBind(now)).where("id", .in, SQLBind.group(part)).run()
                var events = sql.insert(into: AssetEvent.schema).columns(
                    "id", "asset_id", "sequence", "occurred_at", "actor", "kind", "from_status", "to_status", "employee_id", "site_id",
                    "reason",
                    "data_wipe_confirmed")
                for asset in assets where part.contains(asset.id!) {
                    events = events.values(
                        SQLBind(UUID()), SQLBind(asset.id!), SQLBind((last[asset.id!] ?? 0) + 1), SQLBind(now), SQLBind(actor.label),
                        SQLBind(AssetEvent.Kind.seen.rawValue), SQLBind(asset.statusRaw), SQLBind(asset.statusRaw), SQLBind(UUID?.none),
                        SQLBind(siteID ?? asset.siteID), SQLBind(note.trimmingCharacters(in: .whitespacesAndNewlines)), SQLBind(false))
                }
                if !part.isEmpty { try await events.run() }
            }
            let unknown = keys.filter { !found.contains($0) }
            let elsewhere = siteID.map { site in assets.filter { $0.siteID != nil && $0.siteID != site } } ?? []
            try await AuditLog.append(
                on: db, actor: actor, action: "asset.stocktake", entityType: "stocktake", entityID: siteID?.uuidString,
                changes: [
                    "seen": AuditChange(before: nil, after: String(assets.count)),
                    "tags": AuditChange(before: nil, after: assets.map(\.tag).sorted().prefix(200).joined(separator: ", ")),
                    "unknown": AuditChange(before: nil, after: unknown.prefix(200).joined(separator: ", ")),
                ], at: now)
            for asset in assets { asset.lastSeenAt = now }
            return Result(
                seen: assets.sorted { $0.tagKey < $1.tagKey }, unknown: unknown, elsewhere: elsewhere.sorted { $0.tagKey < $1.tagKey })
        }
    }
}
