import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The check list: filtered by status, kind or text, a page at a time, with the count of checks per status.
extension MonitorPages {
    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let name: String
            let subject: String
            let subjectHref: String?
            let kind: String
            let target: String
            let badge: StatusBadge
            let soft: Bool
            let flags: [String]
            let response: String
            /// The last response times as a line, as Uptime Kuma shows them; nil with fewer than two.
            let sparkline: Sparkline?
            let since: String
        }

        struct Count: Encodable {
            let badge: StatusBadge
            let count: String
            let href: String
        }

        let rows: [Row]
        let counts: [Count]
        let query: String
        let kinds: [Choice]
        let statuses: [Choice]
        let total: String
        let previous: String?
        let next: String?
        let canManage: Bool
    }

    static let pageSize = 100

    func list(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var q: String?
            var status: String?
            var kind: String?
            var offset: Int?
        }
        let filters = try req.filters(Filters.self)
        let status = filters.status.flatMap(CheckStatus.init)
        let kind = filters.kind.flatMap(CheckKind.init)?.rawValue
        let query = try ListQuery.parse(
            limit: Self.pageSize, offset: filters.offset, sort: nil, allowedSorts: [], defaultSort: "name"
        ).get()
        let offset = query.offset
        let (checks, states, total) = try await MonitorViews.checkPage(
            on: req.db, assetID: nil, status: status, kind: kind, text: filters.q, limit: Self.pageSize, offset: offset)
        let assets = try await CheckAssets.of(checks, on: req.db)
        let localizer = req.services.localizer
        let recent = try await MonitorViews.recentTimes(of: checks.map { $0.id! }, count: 24, on: req.db)
        let rows = checks.map { check in
            let state = states[check.id!]
            let asset = check.assetID.flatMap { assets[$0] }
            var flags: [String] = []
            if state?.acknowledged == true { flags.append(req.t("check.flag.acknowledged")) }
            if state?.flapping == true { flags.append(req.t("check.flag.flapping")) }
            if state?.unreachable == true { flags.append(req.t("check.flag.unreachable")) }
            if !check.enabled { flags.append(req.t("check.flag.disabled")) }
            return ListContent.Row(
                href: Paths.check.path(check.id!), name: check.name, subject: AlertRouter.subject(of: check, asset: asset),
                subjectHref: req.link(asset.map { Paths.hardwareAsset.path($0.id!) }), kind: req.t(check.kind.labelKey),
                target: check.target,
                badge: Self.badge(state?.lastResultAt == nil ? .unknown : state?.status ?? .unknown, req),
                soft: state?.stateTypeRaw == CheckStateType.soft.rawValue, flags: flags,
                response: state?.lastMilliseconds.map { req.t("check.ms", ["ms": localizer.number($0, req.language)]) } ?? "–",
                sparkline: recent[check.id!].flatMap { times in
                    Sparkline(
                        times,
                        summary: req.t(
                            "check.sparkline",
                            [
                                "count": localizer.number(times.count, req.language),
                                "min": localizer.number(times.min() ?? 0, req.language),
                                "max": localizer.number(times.max() ?? 0, req.language),
                            ]))
                },
                since: state?.hardSince.map { req.dateTime($0) } ?? "–")
        }
        let counts = try await MonitorViews.statusCounts(on: req.db)
        let links = ListLinks(
            .checks, query: query, sorts: false, filters: [("q", filters.q), ("status", status?.rawValue), ("kind", kind)])
        let content = ListContent(
            rows: rows,
            counts: [CheckStatus.critical, .warning, .unknown, .ok].map {
                .init(
                    badge: Self.badge($0, req), count: localizer.number(counts[$0] ?? 0, req.language),
                    href: Paths.checks.path + "?status=\($0.rawValue)")
            },
            query: filters.q ?? "",
            kinds: [Choice(value: "", label: req.t("check.kind.any"), selected: kind == nil)]
                + CheckKind.allCases.map { Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == kind) },
            statuses: [Choice(value: "", label: req.t("check.status.any"), selected: status == nil)]
                + CheckStatus.allCases.map { Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0 == status) },
            total: localizer.number(total, req.language),
            previous: offset > 0 ? links.link(offset: max(0, offset - Self.pageSize)) : nil,
            next: offset + checks.count < total ? links.link(offset: offset + Self.pageSize) : nil, canManage: req.may(.manageMonitoring))
        return try await req.page("monitoring/checks", titleKey: "check.title", content)
    }
}
