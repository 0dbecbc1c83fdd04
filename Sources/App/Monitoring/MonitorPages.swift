import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The monitoring pages: the check list with its status summary, a check with its chart, results and alerts, the
/// check form, the alerts grouped per asset with their timelines, and the maintenance windows.
struct MonitorPages: Sendable {

    func service(_ req: Request) -> CheckService { CheckService(app: req.application, actor: req.auditActor) }

    struct StatusBadge: Encodable {
        let status: String
        let label: String
    }

    static func badge(_ status: CheckStatus, _ req: Request) -> StatusBadge {
        StatusBadge(status: status.rawValue, label: req.t(status.labelKey))
    }

    // MARK: List

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
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
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
                since: state?.hardSince.map { localizer.dateTime($0, req.language, timeZone: zone) } ?? "–")
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

    // MARK: Detail

    struct DetailContent: Encodable {
        struct Fact: Encodable {
            let label: String
            let value: String
            let href: String?
        }

        struct ResultRow: Encodable {
            let at: String
            let badge: StatusBadge
            let response: String
            let found: String
        }

        struct AlertRow: Encodable {
            let href: String
            let badge: StatusBadge
            let opened: String
            let closed: String
            let duration: String
        }

        let id: String
        let name: String
        let badge: StatusBadge
        let stateLine: String
        let facts: [Fact]
        let chart: ResponseChart
        let chartLabel: String
        let results: [ResultRow]
        let alerts: [AlertRow]
        let heartbeatURL: String?
        let canManage: Bool
        let version: Int
    }

    func detail(_ req: Request) async throws -> Response {
        guard let check = try await Check.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let id = check.id!
        let state = try await CheckStateRecord.find(id, on: req.db)
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let time = { (date: Date) in localizer.dateTime(date, req.language, timeZone: zone) }
        let number = { (value: Int) in localizer.number(value, req.language) }
        let asset = try await check.assetID.asyncMap { try await Asset.find($0, on: req.db) } ?? nil
        let parent = try await check.parentID.asyncMap { try await Check.find($0, on: req.db) } ?? nil
        let none = "–"
        let settings = check.settings
        var facts: [DetailContent.Fact] = [
            .init(label: req.t("check.kind"), value: req.t(check.kind.labelKey), href: nil),
            .init(
                label: req.t(check.assetID == nil ? "check.service" : "check.asset"), value: AlertRouter.subject(of: check, asset: asset),
                href: req.link(asset.map { Paths.hardwareAsset.path($0.id!) })),
        ]
        if check.kind != .heartbeat {
            facts.append(.init(label: req.t("check.target"), value: check.target, href: nil))
            if let port = check.definition.effectivePort { facts.append(.init(label: req.t("check.port"), value: String(port), href: nil)) }
        }
        facts.append(
            .init(
                label: req.t(check.kind == .heartbeat ? "check.period" : "check.interval"),
                value: localizer.duration(seconds: check.intervalSeconds, req.language), href: nil))
        if check.kind == .heartbeat {
            facts.append(
                .init(
                    label: req.t("check.grace"),
                    value: localizer.duration(seconds: settings.graceSeconds ?? 0, req.language), href: nil))
            facts.append(.init(label: req.t("check.last_call"), value: state?.lastCallAt.map(time) ?? none, href: nil))
        } else {
            facts.append(
                .init(label: req.t("check.timeout"), value: req.t("check.seconds", ["seconds": number(check.timeoutSeconds)]), href: nil))
        }
        facts.append(
            .init(
                label: req.t("check.policy"),
                value: req.t(
                    "check.policy_value", ["problems": number(check.problemsBeforeHard), "successes": number(check.successesToRecover)]),
                href: nil))
        if check.kind.thresholdUnit != .none {
            let unit = req.t("check.unit.\(check.kind.thresholdUnit.rawValue)")
            facts.append(
                .init(
                    label: req.t("check.thresholds"),
                    value: req.t(
                        "check.thresholds_value",
                        ["warning": check.warning.map(number) ?? none, "critical": check.critical.map(number) ?? none, "unit": unit]),
                    href: nil))
        }
        for (key, value) in Self.settingFacts(settings, kind: check.kind) {
            facts.append(.init(label: req.t("check.setting.\(key)"), value: value, href: nil))
        }
        facts.append(.init(label: req.t("check.parent"), value: parent?.name ?? none, href: parent.map { Paths.check.path($0.id!) }))
        facts.append(
            .init(
                label: req.t("check.escalation"),
                value: check.escalateAfterMinutes.map { req.t("check.escalate_after", ["minutes": number($0)]) } ?? none, href: nil))

        let end = req.now
        let start = end.addingTimeInterval(-86400)
        let recent = try await MonitorViews.results(of: id, since: start, on: req.db)
        let chart = ResponseChart(recent, from: start, to: end, label: time, number: number)
        let (latest, _) = try await MonitorViews.results(of: id, limit: 20, offset: 0, on: req.db)
        let found = { (result: CheckResultDTO) -> String in
            let problem = result.problem.flatMap(ProbeResult.Problem.init(rawValue:)).map { req.t($0.labelKey) }
            return [problem, result.detail.isEmpty ? nil : result.detail].compactMap { $0 }.joined(separator: " — ")
        }
        let alerts = try await Alert.query(on: req.db).filter(\.$checkID == id).sort(\.$openedAt, .descending).limit(10).all()
        var stateLine = req.t("check.never_ran")
        if let state, let last = state.lastResultAt {
            stateLine = req.t(
                state.stateTypeRaw == CheckStateType.soft.rawValue ? "check.state_soft" : "check.state_hard",
                ["status": req.t(state.status.labelKey), "time": time(last)])
        }
        var heartbeatURL: String?
        if check.kind == .heartbeat, req.may(.manageMonitoring), let token = service(req).token(of: check) {
            heartbeatURL = try await MonitorViews.heartbeatURL(token, req)
        }
        let content = DetailContent(
            id: id.uuidString, name: check.name,
            badge: Self.badge(state?.lastResultAt == nil ? .unknown : state?.status ?? .unknown, req), stateLine: stateLine, facts: facts,
            chart: chart, chartLabel: req.t("check.chart_label"),
            results: latest.map {
                .init(
                    at: time($0.at), badge: Self.badge($0.status, req),
                    response: $0.responseMs.map { req.t("check.ms", ["ms": number($0)]) } ?? none, found: found($0))
            },
            alerts: alerts.map { alert in
                .init(
                    href: Paths.alert.path(alert.id!), badge: Self.badge(alert.status, req), opened: time(alert.openedAt),
                    closed: alert.closedAt.map(time) ?? req.t("alert.open"),
                    duration: localizer.duration(seconds: Int((alert.closedAt ?? end).timeIntervalSince(alert.openedAt)), req.language))
            },
            heartbeatURL: heartbeatURL, canManage: req.may(.manageMonitoring), version: check.version)
        return try await req.page("monitoring/check", titleKey: "check.title", record: check.name, content)
    }

    /// The settings a kind uses, as label keys and shown values.
    static func settingFacts(_ settings: CheckSettings, kind: CheckKind) -> [(String, String)] {
        var facts: [(String, String?)] = []
        switch kind {
        case .tcp: facts = [("banner", settings.banner)]
        case .http:
            facts = [
                ("method", settings.method), ("statuses", settings.statuses), ("bodyContains", settings.bodyContains),
                ("bodyExcludes", settings.bodyExcludes), ("followRedirects", settings.followRedirects.map { $0 ? "✓" : "✗" }),
                ("verifyCertificate", settings.verifyCertificate.map { $0 ? "✓" : "✗" }),
            ]
        case .tls: facts = [("serverName", settings.serverName)]
        case .dns: facts = [("recordType", settings.recordType), ("resolver", settings.resolver), ("expected", settings.expected)]
        case .snmp:
            facts = [
                ("community", settings.community.map { _ in "••••" }), ("oids", settings.oids?.joined(separator: ", ")),
                ("expected", settings.expected),
            ]
        case .icmp, .heartbeat: facts = []
        }
        return facts.compactMap { key, value in value.map { (key, $0) } }
    }

}
