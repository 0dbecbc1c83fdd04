import Domain
import Fluent
import Foundation

/// Uptime for one calendar month, per site, per asset or named service, and per check, with the incidents: the alerts
/// (hard problems from confirmation to recovery) that fell in the month. Planned maintenance windows count as neither
/// up nor down; a check counts from its creation, and the current month up to now. Alerts are kept for good, so
/// every past month can be read again.
struct UptimeReport: Sendable {
    enum Level: String, Sendable, CaseIterable {
        case site, subject, check
    }

    struct Line: Sendable {
        let level: Level
        let id: String
        let name: String
        /// The asset for an asset line or a check on one, the site for a site line.
        let assetID: UUID?
        let checkID: UUID?
        let siteID: UUID?
        let measured: DateInterval
        let availability: Availability
    }

    struct Incident: Sendable {
        let alertID: UUID
        let checkID: UUID
        let checkName: String
        let subject: String
        let status: CheckStatus
        let start: Date
        /// Nil while it is still open.
        let end: Date?
        /// Inside the month.
        let duration: TimeInterval
    }

    let month: CalendarMonth
    let period: DateInterval
    let sites: [Line]
    let subjects: [Line]
    let checks: [Line]
    let incidents: [Incident]

    /// Reads what the month needs: the checks that existed in it, their assets and sites, the alerts that overlap it
    /// and the maintenance windows of those scopes.
    static func build(month: CalendarMonth, zone: TimeZone, now: Date, on db: any Database) async throws -> UptimeReport? {
        let span = month.span(in: zone)
        guard span.start < now else { return nil }
        let period = DateInterval(start: span.start, end: min(span.end, now))
        let data = try await UptimeData.load(period: period, now: now, on: db)
        let (checks, assets) = (data.checks, data.assets)
        func line(_ level: Level, id: String, name: String, of members: [CheckListing], excluded scopes: [UUID?]) -> Line? {
            guard let (measured, availability) = data.availability(of: members, excluded: scopes, in: period) else { return nil }
            let asset = members.first?.assetID
            return Line(
                level: level, id: id, name: name, assetID: level == .site ? nil : asset, checkID: level == .check ? members.first?.id : nil,
                siteID: level == .site ? UUID(uuidString: id) : nil, measured: measured, availability: availability)
        }

        let checkLines = checks.compactMap { check in
            let asset = check.assetID.flatMap { assets[$0] }
            return line(
                .check, id: check.id.uuidString, name: check.name, of: [check], excluded: [check.id, check.assetID, asset?.siteID])
        }
        let bySubject = Dictionary(grouping: checks) { check in check.assetID?.uuidString ?? "service:" + check.service }
        let subjectLines = bySubject.compactMap { key, members -> Line? in
            let asset = members.first?.assetID.flatMap { assets[$0] }
            let name = AlertRouter.subject(service: members[0].service, asset: asset)
            return line(.subject, id: key, name: name, of: members, excluded: [asset?.id, asset?.siteID])
        }
        .sorted { $0.name.naturallyPrecedes($1.name) }
        let siteLines = data.sites.compactMap { site -> Line? in
            let members = checks.filter { check in check.assetID.flatMap { assets[$0]?.siteID } == site.id }
            return line(.site, id: site.id!.uuidString, name: site.name, of: members, excluded: [site.id])
        }
        .sorted { $0.name.naturallyPrecedes($1.name) }

        let byID = Dictionary(uniqueKeysWithValues: checks.map { ($0.id, $0) })
        let incidents = data.alerts.compactMap { alert -> Incident? in
            guard let check = byID[alert.checkID] else { return nil }
            let stretch = DateInterval(
                start: max(alert.openedAt, period.start), end: min(max(alert.openedAt, alert.closedAt ?? now), period.end))
            return Incident(
                alertID: alert.id!, checkID: check.id, checkName: check.name,
                subject: AlertRouter.subject(service: check.service, asset: check.assetID.flatMap { assets[$0] }), status: alert.status,
                start: alert.openedAt, end: alert.closedAt, duration: stretch.duration)
        }
        return UptimeReport(
            month: month, period: period, sites: siteLines, subjects: subjectLines, checks: checkLines, incidents: incidents)
    }
}

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
