import Domain
import Foundation
import Vapor

/// The monthly uptime report: `/monitoring/uptime?month=2026-11` and `GET /api/v1/uptime?month=2026-11`.
struct UptimePages: Sendable {
    /// The month asked for (the current one when none is), or a problem naming `month`.
    static func report(_ req: Request) async throws -> (UptimeReport, TimeZone) {
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let text = try? req.query.get(String.self, at: "month")
        let month =
            try text.map { text in
                guard let month = CalendarMonth(text) else { throw ValidationFailure([FieldError(field: "month", code: .invalid)]) }
                return month
            } ?? CalendarMonth(containing: req.now, in: zone)
        guard let report = try await UptimeReport.build(month: month, zone: zone, now: req.now, on: req.db) else {
            throw ValidationFailure([FieldError(field: "month", code: .outOfRange)])
        }
        return (report, zone)
    }

    // MARK: Page

    struct Content: Encodable {
        struct Row: Encodable {
            let name: String
            let href: String?
            let sla: String
            let down: String
            let incidents: String
            let mttr: String
            let mtbf: String
            let measuredFrom: String?
        }

        struct Table: Encodable {
            let title: String
            let rows: [Row]
            /// How many were up all the time and are left out (the checks table lists only those that were down).
            var upAllTheTime: String? = nil
            /// What an empty table says.
            var emptyKey = "uptime.none"
        }

        struct IncidentRow: Encodable {
            let badge: MonitorPages.StatusBadge
            let href: String
            let check: String
            let subject: String
            let opened: String
            let closed: String
            let duration: String
        }

        let monthLabel: String
        let month: String
        let previous: String
        let next: String?
        let tables: [Table]
        let incidents: [IncidentRow]
        let timeline: IncidentTimeline
    }

    func page(_ req: Request) async throws -> Response {
        let report: UptimeReport
        let zone: TimeZone
        do {
            (report, zone) = try await Self.report(req)
        } catch is ValidationFailure {
            return req.redirect(to: Paths.uptime.path)
        }
        let localizer = req.services.localizer
        let time = { (date: Date) in localizer.dateTime(date, req.language, timeZone: zone) }
        let duration = { (seconds: TimeInterval) in localizer.duration(seconds: Int(seconds), req.language) }
        let none = "–"
        func row(_ line: UptimeReport.Line) -> Content.Row {
            let target: String? =
                switch line.level {
                case .check: line.checkID.map { Paths.check.path($0) }
                case .subject: line.assetID.map { Paths.hardwareAsset.path($0) }
                case .site: line.siteID.map { Paths.site.path($0) }
                }
            let href = req.link(target)
            let availability = line.availability
            return Content.Row(
                name: line.name, href: href, sla: localizer.percent(basisPoints: availability.slaBasisPoints, req.language, decimals: 2),
                down: availability.downSeconds > 0 ? duration(availability.downSeconds) : none,
                incidents: localizer.number(availability.incidents.count, req.language),
                mttr: availability.meanTimeToRepair.map(duration) ?? none, mtbf: availability.meanTimeBetweenFailures.map(duration) ?? none,
                measuredFrom: line.measured.start > report.period.start ? time(line.measured.start) : nil)
        }
        let current = CalendarMonth(containing: req.now, in: zone)
        let link = { (month: CalendarMonth) in Paths.uptime.path + "?month=\(month)" }
        var style = Date.FormatStyle(date: .omitted, time: .omitted).month(.wide).year()
        style.locale = req.language.locale
        style.timeZone = zone
        let content = Content(
            monthLabel: report.period.start.formatted(style), month: report.month.description, previous: link(report.month.previous),
            next: report.month < current ? link(report.month.next) : nil,
            tables: [
                // Checks on services or on assets without a site leave the sites' table empty: say so, not "nothing".
                .init(
                    title: req.t("uptime.sites"), rows: report.sites.map(row),
                    emptyKey: report.checks.isEmpty ? "uptime.none" : "uptime.no_sites"),
                .init(title: req.t("uptime.subjects"), rows: report.subjects.map(row)),
                // Thousands of checks: the ones that were down, worst first; the rest are counted.
                .init(
                    title: req.t("uptime.checks_down"),
                    rows: report.checks.filter { $0.availability.downSeconds > 0 }
                        .sorted { $0.availability.slaBasisPoints < $1.availability.slaBasisPoints }.map(row),
                    upAllTheTime: localizer.catalogue(req.language).plural(
                        "uptime.checks_up", count: report.checks.filter { $0.availability.downSeconds == 0 }.count),
                    emptyKey: report.checks.isEmpty ? "uptime.none" : "uptime.none_down"),
            ],
            incidents: report.incidents.reversed().map { incident in
                .init(
                    badge: MonitorPages.badge(incident.status, req), href: Paths.alert.path(incident.alertID), check: incident.checkName,
                    subject: incident.subject, opened: time(incident.start), closed: incident.end.map(time) ?? req.t("alert.open"),
                    duration: duration(incident.duration))
            },
            timeline: IncidentTimeline(report, zone: zone, label: req.t("uptime.timeline_label"), time: time, duration: duration))
        return try await req.page("monitoring/uptime", titleKey: "uptime.title", content)
    }

    // MARK: API

    struct LineDTO: Vapor.Content {
        let id: String
        let name: String
        let assetId: UUID?
        let checkId: UUID?
        let siteId: UUID?
        let measuredFrom: Date
        let measuredTo: Date
        let slaBasisPoints: Int
        let upSeconds: Int
        let downSeconds: Int
        let incidents: Int
        let mttrSeconds: Int?
        let mtbfSeconds: Int?

        init(_ line: UptimeReport.Line) {
            let a = line.availability
            (id, name, assetId, checkId, siteId) = (line.id, line.name, line.assetID, line.checkID, line.siteID)
            (measuredFrom, measuredTo, slaBasisPoints) = (line.measured.start, line.measured.end, a.slaBasisPoints)
            (upSeconds, downSeconds, incidents) = (Int(a.upSeconds.rounded()), Int(a.downSeconds.rounded()), a.incidents.count)
            (mttrSeconds, mtbfSeconds) = (a.meanTimeToRepair.map { Int($0.rounded()) }, a.meanTimeBetweenFailures.map { Int($0.rounded()) })
        }

        static let schema = JSONSchema.object(
            properties: [
                "id": .string(), "name": .string(), "assetId": .string(format: "uuid"), "checkId": .string(format: "uuid"),
                "siteId": .string(format: "uuid"), "measuredFrom": .string(format: "date-time"), "measuredTo": .string(format: "date-time"),
                "slaBasisPoints": .integer(minimum: 0, maximum: 10_000), "upSeconds": .integer(minimum: 0),
                "downSeconds": .integer(minimum: 0), "incidents": .integer(minimum: 0), "mttrSeconds": .integer(minimum: 0),
                "mtbfSeconds": .integer(minimum: 0),
            ],
            required: ["id", "name", "measuredFrom", "measuredTo", "slaBasisPoints", "upSeconds", "downSeconds", "incidents"])
    }

    struct IncidentDTO: Vapor.Content {
        let alertId: UUID
        let checkId: UUID
        let check: String
        let subject: String
        let status: CheckStatus
        let openedAt: Date
        let closedAt: Date?
        let secondsInMonth: Int

        static let schema = JSONSchema.object(
            properties: [
                "alertId": .string(format: "uuid"), "checkId": .string(format: "uuid"), "check": .string(), "subject": .string(),
                "status": .string(enumeration: CheckStatus.allCases.map(\.rawValue)), "openedAt": .string(format: "date-time"),
                "closedAt": .string(format: "date-time"), "secondsInMonth": .integer(minimum: 0),
            ], required: ["alertId", "checkId", "check", "subject", "status", "openedAt", "secondsInMonth"])
    }

    struct ReportDTO: Vapor.Content {
        let month: String
        let from: Date
        let to: Date
        let sites: [LineDTO]
        let subjects: [LineDTO]
        let checks: [LineDTO]
        let incidents: [IncidentDTO]

        static let schema = JSONSchema.object(
            properties: [
                "month": .string(), "from": .string(format: "date-time"), "to": .string(format: "date-time"),
                "sites": .array(.ref("UptimeLine")), "subjects": .array(.ref("UptimeLine")), "checks": .array(.ref("UptimeLine")),
                "incidents": .array(.ref("UptimeIncident")),
            ], required: ["month", "from", "to", "sites", "subjects", "checks", "incidents"])
    }

    func api(_ req: Request) async throws -> ReportDTO {
        let (report, _) = try await Self.report(req)
        return ReportDTO(
            month: report.month.description, from: report.period.start, to: report.period.end, sites: report.sites.map(LineDTO.init),
            subjects: report.subjects.map(LineDTO.init), checks: report.checks.map(LineDTO.init),
            incidents: report.incidents.map {
                IncidentDTO(
                    alertId: $0.alertID, checkId: $0.checkID, check: $0.checkName, subject: $0.subject, status: $0.status,
                    openedAt: $0.start, closedAt: $0.end, secondsInMonth: Int($0.duration.rounded()))
            })
    }

    static let doc = APIDoc(
        summary:
            "Uptime for a calendar month in the organisation's time zone (default: the current month, up to now), per site, per asset or named service, and per check: SLA in basis points (9995 = 99.95 %), up and down seconds, incidents, MTTR and MTBF; maintenance windows count as neither up nor down. Then the month's incidents (alerts).",
        query: [.init(name: "month", schema: .string(), description: "The month, 2026-11. A month not yet begun: 422 naming month.")],
        response: .ref("UptimeReport"))

    static let schemas: [String: JSONSchema] = [
        "UptimeReport": ReportDTO.schema, "UptimeLine": LineDTO.schema, "UptimeIncident": IncidentDTO.schema,
    ]
}

/// The month's outages as bars on a day axis, one row per asset or service that had any, so a bad week stands out at
/// a glance; each bar's title says when and how long (readable without colour).
struct IncidentTimeline: Encodable {
    struct Bar: Encodable {
        let x: Int
        let width: Int
        let status: String
        let title: String
    }

    struct Row: Encodable {
        let y: Int
        let textY: Int
        let name: String
        let bars: [Bar]
    }

    struct Tick: Encodable {
        let x: Int
        let label: String
    }

    static let left = 180
    static let rowHeight = 22
    static let maximumRows = 20

    let width: Int
    let height: Int
    let right: Int
    let axisY: Int
    let rows: [Row]
    let ticks: [Tick]
    let label: String
    let empty: Bool

    init(_ report: UptimeReport, zone: TimeZone, label: String, time: (Date) -> String, duration: (TimeInterval) -> String) {
        let span = report.month.span(in: zone)
        width = 760
        right = width - 8
        let plot = Double(right - Self.left)
        let x = { (date: Date) in Self.left + Int((max(0, date.timeIntervalSince(span.start)) / span.duration * plot).rounded()) }
        let grouped = Dictionary(grouping: report.incidents, by: \.subject)
        let names = grouped.keys.sorted { $0.naturallyPrecedes($1) }.prefix(Self.maximumRows)
        rows = names.enumerated().map { index, name in
            let y = 8 + index * Self.rowHeight
            let bars = (grouped[name] ?? []).map { incident in
                let start = max(incident.start, span.start)
                let end = min(incident.end ?? report.period.end, span.end)
                return Bar(
                    x: x(start), width: max(2, x(end) - x(start)), status: incident.status.rawValue,
                    title: "\(incident.checkName): \(time(incident.start)) · \(duration(incident.duration))")
            }
            return Row(y: y, textY: y + 14, name: String(name.prefix(28)), bars: bars)
        }
        axisY = 8 + max(1, rows.count) * Self.rowHeight + 14
        height = axisY + 6
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        ticks = [1, 8, 15, 22, 29].compactMap { day in
            guard let date = calendar.date(byAdding: .day, value: day - 1, to: span.start), date < span.end else { return nil }
            return Tick(x: x(date), label: String(day))
        }
        (self.label, empty) = (label, rows.isEmpty)
    }
}
