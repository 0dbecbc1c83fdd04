import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// What the status page shows: each asset or service that has checks on the page, its state now, and its
/// availability over the last ninety days, day by day in the organisation's time zone.
struct StatusBoard: Sendable {
    enum Condition: String, Sendable {
        case operational, degraded, down, unknown
        var labelKey: String { "status_page.condition.\(rawValue)" }
    }

    struct Service: Sendable {
        let name: String
        let condition: Condition
        /// The last `days` days, oldest first; nil for a day before the service was watched.
        let days: [(day: CalendarDate, basisPoints: Int?, downSeconds: Double)]
        /// Nil while nothing has been measured.
        let overall: Int?
    }

    static let days = 90

    let services: [Service]

    /// The worst of its checks that have run: a hard CRITICAL is down, any other problem degraded. A check not yet
    /// run says nothing about the service: with no problem elsewhere, the service is unknown, not degraded.
    static func condition(_ states: [CheckStateRecord?]) -> Condition {
        let checked = states.compactMap { $0 }.filter { $0.lastResultAt != nil }
        if checked.contains(where: { $0.hardStatus == .critical }) { return .down }
        if checked.contains(where: { $0.status.isProblem }) { return .degraded }
        return checked.count < states.count ? .unknown : .operational
    }

    /// The page's headline: down or degraded when a service is; operational when every service is known to be up;
    /// unknown when nothing has been checked yet. A service not yet checked does not make the others degraded.
    var overall: Condition {
        let conditions = Set(services.map(\.condition))
        if conditions.contains(.down) { return .down }
        if conditions.contains(.degraded) { return .degraded }
        return conditions.contains(.operational) ? .operational : .unknown
    }

    static func build(now: Date, zone: TimeZone, on db: any Database) async throws -> StatusBoard {
        let listed = try await CheckListing.read(onStatusPage: true, on: db)
        guard !listed.isEmpty else { return StatusBoard(services: []) }
        let today = CalendarDate(now, in: zone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func midnight(_ day: CalendarDate) -> Date { calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))! }
        let first = today.adding(days: -(days - 1))
        let period = DateInterval(start: midnight(first), end: now)
        let data = try await UptimeData.load(period: period, now: now, only: Set(listed.map(\.id)), on: db)
        let states = try await MonitorViews.states(listed.map(\.id), on: db)
        let groups = Dictionary(grouping: data.checks) {
            AlertRouter.subject(service: $0.service, asset: $0.assetID.flatMap { data.assets[$0] })
        }
        let services = groups.map { name, members -> Service in
            let asset = members.first?.assetID.flatMap { data.assets[$0] }
            let scopes: [UUID?] = [asset?.id, asset?.siteID]
            let days = (0..<Self.days).map { offset -> (CalendarDate, Int?, Double) in
                let day = first.adding(days: offset)
                let span = DateInterval(start: midnight(day), end: min(now, midnight(day.adding(days: 1))))
                guard span.duration > 0, let (_, availability) = data.availability(of: members, excluded: scopes, in: span) else {
                    return (day, nil, 0)
                }
                return (day, availability.slaBasisPoints, availability.downSeconds)
            }
            let overall = data.availability(of: members, excluded: scopes, in: period)?.1.slaBasisPoints
            return Service(name: name, condition: condition(members.map { states[$0.id] }), days: days, overall: overall)
        }
        return StatusBoard(services: services.sorted { $0.name.naturallyPrecedes($1.name) })
    }
}
