import Fluent
import Foundation

/// The assets that checks watch, read for lists, alerts, metrics and the command line alike.
enum CheckAssets {
    /// The checks' assets by id, asked for a thousand at a time: a bound list stays far below SQLite's and
    /// PostgreSQL's limits on parameters however many checks there are.
    static func of(_ checks: [Check], on db: any Database) async throws -> [UUID: Asset] {
        try await byID(Set(checks.compactMap(\.assetID)), on: db)
    }

    static func byID(_ assetIDs: Set<UUID>, on db: any Database) async throws -> [UUID: Asset] {
        var assets: [UUID: Asset] = [:]
        for chunk in assetIDs.boundChunks() {
            for asset in try await Asset.query(on: db).filter(\.$id ~~ chunk).all() { assets[asset.id!] = asset }
        }
        return assets
    }
}
