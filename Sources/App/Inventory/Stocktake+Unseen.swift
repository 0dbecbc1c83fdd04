import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The assets in use that have not been seen for some months.
extension Stocktake {
    /// Assets in use (in stock, deployed, in repair) not seen since `months` months ago — or never — at a site, never
    /// seen first, then longest unseen; a page of them and the total.
    static func unseen(months: Int, site: UUID?, limit: Int = 50, offset: Int = 0, now: Date, on db: any Database) async throws -> (
        assets: [Asset], total: Int
    ) {
        let cutoff = Calendar(identifier: .gregorian).date(byAdding: .month, value: -months, to: now) ?? now
        func query() -> QueryBuilder<Asset> {
            var query = Asset.query(on: db).filter(\.$statusRaw ~~ [AssetStatus.inStock, .deployed, .inRepair].map(\.rawValue))
                .group(.or) { $0.filter(\.$lastSeenAt == nil).filter(\.$lastSeenAt < cutoff) }
            if let site { query = query.filter(\.$siteID == site) }
            return query
        }
        let total = try await query().count()
        // Never seen (null) before seen long ago: nulls sort first ascending on SQLite and last on PostgreSQL, so two reads.
        let never = try await query().filter(\.$lastSeenAt == nil).count()
        var assets: [Asset] = []
        if offset < never {
            assets = try await query().filter(\.$lastSeenAt == nil).sort(\.$tagKey).range(offset..<(offset + limit)).all()
        }
        if assets.count < limit {
            let start = max(0, offset - never)
            assets += try await query().filter(\.$lastSeenAt != nil).sort(\.$lastSeenAt).sort(\.$tagKey)
                .range(start..<(start + limit - assets.count)).all()
        }
        return (assets, total)
    }
}
