import Domain
import Foundation
import Vapor

/// The monthly uptime report page: `/monitoring/uptime?month=2026-11`.
struct UptimePages: Sendable {
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
            (report, zone) = try await UptimeQuery.report(req)
        } catch is ValidationFailure {
            return req.redirect(to: Paths.uptime.path)
        }
        let localizer = req.services.localizer
        let time = { (date: Date) in req.dateTime(date) }
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
}
