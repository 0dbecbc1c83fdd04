import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

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
