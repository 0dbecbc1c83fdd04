import Domain
import Fluent
import Foundation
import Probes
import SQLKit

/// What reports list of a check — who it is and where it belongs — read by SQL: the uptime report, the status page
/// and `/metrics` read every check, and building twelve thousand Fluent models (by reflection) took over a second.
struct CheckListing: Sendable {
    let id: UUID
    let name: String
    let kind: String
    let assetID: UUID?
    let service: String
    let createdAt: Date

    /// Checks by name; only those created before `createdBefore`, on the status page, or among `ids`, when given.
    static func read(createdBefore: Date? = nil, onStatusPage: Bool? = nil, ids: Set<UUID>? = nil, on db: any Database) async throws
        -> [CheckListing]
    {
        let sql = db.sql
        var listings: [CheckListing] = []
        let chunks: [[UUID]?] = ids.map { $0.boundChunks() } ?? [nil]
        for chunk in chunks {
            var select = sql.select().columns("id", "name", "kind", "asset_id", "service", "created_at").from(Check.schema)
            if let createdBefore { select = select.where("created_at", .lessThan, SQLBind(createdBefore)) }
            if let onStatusPage { select = select.where("status_page", .equal, SQLBind(onStatusPage)) }
            if let chunk { select = select.where("id", .in, SQLBind.group(chunk)) }
            for row in try await select.all() {
                listings.append(
                    CheckListing(
                        id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                        kind: try row.decode(column: "kind", as: String.self), assetID: try row.decode(column: "asset_id", as: UUID?.self),
                        service: try row.decode(column: "service", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Date.self)))
            }
        }
        return listings.sorted { $0.name != $1.name ? $0.name < $1.name : $0.id.uuidString < $1.id.uuidString }
    }
}
