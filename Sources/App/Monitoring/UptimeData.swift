import Domain
import Fluent
import Foundation

/// What availability over a period is computed from: the checks that existed in it, their assets and sites, the
/// alerts that overlap it, and each check's outages with the planned windows of its scopes cut out — so a window on
/// one asset does not count against its site, while the site's other time still counts. The uptime report reads a
/// month of it, the status page ninety days split by day.
struct UptimeData: Sendable {
    let period: DateInterval
    let checks: [CheckListing]
    let assets: [UUID: Asset]
    let sites: [Site]
    let alerts: [Alert]
    /// Per check, its outages less its own, its asset's and its site's windows.
    let down: [UUID: [DateInterval]]
    /// Per scope (check, asset, site), its planned windows in the period.
    let planned: [UUID: [DateInterval]]

    static func load(period: DateInterval, now: Date, only filter: Set<UUID>? = nil, on db: any Database) async throws -> UptimeData {
        let checks = try await CheckListing.read(createdBefore: period.end, ids: filter, on: db)
        let assets = try await CheckAssets.byID(Set(checks.compactMap(\.assetID)), on: db)
        let siteIDs = Set(assets.values.compactMap(\.siteID))
        let sites = siteIDs.isEmpty ? [] : try await Site.query(on: db).filter(\.$id ~~ siteIDs).all()
        // Alerts and windows by time and then matched here, not by a list of every check's id: such a list grows past
        // the databases' limits on parameters with the checks.
        let ids = Set(checks.map(\.id))
        let alerts = try await Alert.query(on: db).filter(\.$openedAt < period.end)
            .group(.or) { $0.filter(\.$closedAt == nil).filter(\.$closedAt > period.start) }.sort(\.$openedAt).all()
            .filter { ids.contains($0.checkID) }
        let scopes = ids.union(assets.keys).union(siteIDs)
        var planned: [UUID: [DateInterval]] = [:]
        for window in try await MaintenanceWindow.query(on: db).all() where scopes.contains(window.scopeID) {
            planned[window.scopeID, default: []] += MaintenanceCalendar.schedule(window)?.windows(overlapping: period) ?? []
        }
        let stretches = Dictionary(grouping: alerts, by: \.checkID).mapValues { alerts in
            alerts.map { DateInterval(start: $0.openedAt, end: max($0.openedAt, $0.closedAt ?? now)) }
        }
        var down: [UUID: [DateInterval]] = [:]
        for check in checks {
            let asset = check.assetID.flatMap { assets[$0] }
            let own = [check.id, asset?.id, asset?.siteID].compactMap { $0 }.flatMap { planned[$0] ?? [] }
            down[check.id] = Availability.subtract(own, from: stretches[check.id] ?? [])
        }
        return UptimeData(period: period, checks: checks, assets: assets, sites: sites, alerts: alerts, down: down, planned: planned)
    }

    func windows(_ scopes: [UUID?]) -> [DateInterval] { scopes.compactMap { $0 }.flatMap { planned[$0] ?? [] } }

    /// Availability of a group of checks over `span`, counted from the first check's creation; nil when none existed.
    func availability(of members: [CheckListing], excluded scopes: [UUID?], in span: DateInterval) -> (DateInterval, Availability)? {
        guard let first = members.map(\.createdAt).min(), first < span.end else { return nil }
        let measured = DateInterval(start: max(span.start, first), end: span.end)
        return (measured, Availability(down: members.flatMap { down[$0.id] ?? [] }, period: measured, excluded: windows(scopes)))
    }
}
