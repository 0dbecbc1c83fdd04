import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The status page's settings: its title and whether people who are not signed in may read it.
final class StatusPageSettings: Model, @unchecked Sendable {
    static let schema = "status_page_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "public") var isPublic: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] { ["title": title, "public": String(isPublic)] }

    static func current(on db: any Database) async throws -> StatusPageSettings {
        guard let settings = try await query(on: db).first() else { throw AppError.notMigrated }
        return settings
    }
}

extension StatusPageSettings: VersionedRecord {
    static let auditEntityType = "status_page"
    var auditLabel: String { title }
    static func auditPath(_ id: UUID) -> String? { Paths.statusPage.path }
}

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

/// `/status`: read-only, for everyone signed in who reads monitoring, and for anybody once it is made public.
struct StatusPages: Sendable {
    struct Content: Encodable {
        struct Bar: Encodable {
            let x: Int
            let height: Int
            let y: Int
            let level: String
            let title: String
        }

        struct Row: Encodable {
            let name: String
            let condition: String
            let conditionLabel: String
            let uptime: String
            let bars: [Bar]
            let chartLabel: String
        }

        let title: String
        let summary: String
        let summaryCondition: String
        let rows: [Row]
        let updated: String
        let canManage: Bool
        let isPublic: Bool
        let version: Int
        let width: Int
        let startLabel: String
    }

    static let barWidth = 6

    func page(_ req: Request) async throws -> Response {
        let settings = try await StatusPageSettings.current(on: req.db)
        guard settings.isPublic else {
            // Private: the same guard as every route of monitoring.read (sign-in redirect, 403 audited).
            return try await RequireAction(action: .readMonitoring).respond(
                to: req, chainingTo: AsyncBasicResponder { req in try await render(req, settings) })
        }
        return try await render(req, settings)
    }

    private func render(_ req: Request, _ settings: StatusPageSettings) async throws -> Response {
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let board = try await StatusBoard.build(now: req.now, zone: zone, on: req.db)
        let localizer = req.services.localizer
        let rows = board.services.map { service in
            Content.Row(
                name: service.name, condition: service.condition.rawValue, conditionLabel: req.t(service.condition.labelKey),
                // A service none of whose checks has run has no availability yet, however long it has been listed.
                uptime: service.condition == .unknown
                    ? req.t("status_page.not_checked")
                    : service.overall.map { localizer.percent(basisPoints: $0, req.language, decimals: 2) }
                        ?? req.t("status_page.not_checked"),
                bars: service.days.enumerated().map { index, day in
                    // The bar's height shows the day's availability (a full bar is a whole day up), so it reads without colour.
                    let points = day.basisPoints
                    let height = points.map { max(4, 28 * $0 / 10_000) } ?? 28
                    let level = points == nil ? "none" : points! >= 10_000 ? "up" : points! >= 9_900 ? "partial" : "down"
                    let text =
                        points.map {
                            req.t(
                                "status_page.day",
                                [
                                    "day": localizer.date(day.day, req.language),
                                    "percent": localizer.percent(basisPoints: $0, req.language, decimals: 2),
                                ])
                        } ?? req.t("status_page.day_unwatched", ["day": localizer.date(day.day, req.language)])
                    return Content.Bar(x: index * Self.barWidth, height: height, y: 30 - height, level: level, title: text)
                }, chartLabel: req.t("status_page.chart", ["name": service.name]))
        }
        let worst = board.overall
        let content = Content(
            title: settings.title.isEmpty ? req.t("status_page.title") : settings.title,
            summary: req.t("status_page.summary.\(worst.rawValue)"),
            summaryCondition: worst.rawValue, rows: rows, updated: localizer.dateTime(req.now, req.language, timeZone: zone),
            canManage: req.may(.manageMonitoring), isPublic: settings.isPublic, version: settings.version,
            width: StatusBoard.days * Self.barWidth,
            startLabel: req.t("status_page.days_ago", ["days": localizer.number(StatusBoard.days, req.language)]))
        return try await req.page("monitoring/status", titleKey: "status_page.title", content)
    }

    /// Changes the title and whether the page is public.
    func save(_ req: Request) async throws -> Response {
        struct Form: Vapor.Content {
            var title: String?
            var isPublic: String?
            var version: Int?
        }
        let form = try req.content.decode(Form.self)
        let title = (form.title ?? "").trimmingCharacters(in: .whitespaces)
        guard title.count <= 120 else { throw AppError.invalid(ValidationFailure([FieldError(field: "title", code: .tooLong)])) }
        let settings = try await StatusPageSettings.current(on: req.db)
        _ = try await req.application.updateAudited(
            StatusPageSettings.self, id: settings.id!, expectedVersion: form.version ?? 0, actor: req.auditActor
        ) { settings, _ in
            (settings.title, settings.isPublic) = (title, form.isPublic == "on")
        }
        return req.redirect(to: Paths.statusPage.path + "?done=saved", redirectType: .normal)
    }
}
