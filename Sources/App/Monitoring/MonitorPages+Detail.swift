import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// A check's page: its facts, the last day's response chart, its latest results and its alerts.
extension MonitorPages {
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
        /// The chart's span, said ("last 7 days"), and links to the others (`selected`: the one shown).
        let range: String
        let ranges: [Choice]
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
        let localizer = req.services.localizer
        let time = { (date: Date) in req.dateTime(date) }
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

        let rangeText = (try? req.query.get(String.self, at: "range")) ?? ChartRange.day.rawValue
        guard let range = ChartRange(rawValue: rangeText) else {
            throw ValidationFailure([FieldError(field: "range", code: .invalid, value: rangeText)])
        }
        let end = req.now
        let start = end.addingTimeInterval(-range.seconds)
        let recent =
            range.hourly
            ? try await MonitorViews.hours(of: id, since: start, on: req.db)
            : try await MonitorViews.results(of: id, since: start, on: req.db)
        let chart = ResponseChart(recent, from: start, to: end, label: time, number: number)
        let ranges = ChartRange.allCases.map {
            Choice(value: Paths.check.path(id) + "?range=\($0.rawValue)", label: req.t($0.labelKey), selected: $0 == range)
        }
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
            chart: chart,
            chartLabel: req.t("check.chart_label", ["range": req.t(range.labelKey)])
                + (range.hourly ? " " + req.t("check.chart_hourly") : ""), range: req.t(range.labelKey), ranges: ranges,
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
}
