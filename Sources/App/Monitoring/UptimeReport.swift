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
