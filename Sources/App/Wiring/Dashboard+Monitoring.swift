import Domain
import Fluent
import Foundation
import Vapor

/// Monitoring's panels: maintenance, checks in trouble, open alerts, what will fail, and the weekly trends.
extension Dashboard {
    /// The due tasks that are the reader's or nobody's (`mine`: someone must take those), or everybody's overdue and due
    /// ones; the reader's first.
    func maintenance(_ req: Request, mine: Bool) async throws -> Part {
        let userID = req.principal!.userID
        let today = try await req.application.organisationToday()
        // Lead days are a year at most, so a task due within a year's lead can be due today.
        var query = MaintenanceTask.query(on: req.db).filter(\.$active == true).filter(\.$nextDue <= today.adding(days: 365).description)
        if mine { query = query.group(.or) { $0.filter(\.$assigneeID == userID).filter(\.$assigneeID == nil) } }
        let pressing = try await query.sort(\.$nextDue).all().filter { $0.state(today: today) != .scheduled }
        let overdue = pressing.filter { $0.state(today: today) == .overdue }.count
        let shown = Array((pressing.filter { $0.assigneeID == userID } + pressing.filter { $0.assigneeID != userID }).prefix(8))
        let subjects = try await MaintenanceTaskNames.subjects(of: shown, on: req.db)
        let names = try await MaintenanceTaskNames.userNames(Set(shown.compactMap(\.assigneeID)), on: req.db)
        let rows = shown.map { task in
            let state = task.state(today: today)
            return Row(
                badge: Badge(text: req.t(state.labelKey), style: "due due-\(state.rawValue)"), title: task.title,
                href: Paths.task.path(task.id!),
                details: [
                    req.services.localizer.date(task.dueDate, req.language), (task.assetID ?? task.siteID).flatMap { subjects[$0]?.0 },
                    task.assigneeID == nil ? req.t("dashboard.unassigned") : (mine ? nil : names[task.assigneeID!]),
                ])
        }
        let kind: DashboardPanel = mine ? .myTasks : .maintenance
        let card =
            mine
            ? Self.attention(req.t("dashboard.card.my_tasks"), pressing.count, req, href: Paths.tasks.path, bad: false)
            : Self.attention(req.t("dashboard.card.overdue_maintenance"), overdue, req, href: Paths.tasks.path + "?state=overdue")
        return Part(
            cards: [card],
            panel: Self.panel(
                kind, req, href: .tasks, rows: rows, next: Link(label: req.t("dashboard.next.tasks"), href: Paths.tasks.path)))
    }

    /// Checks whose state is not OK, critical first.
    func problemChecks(_ req: Request) async throws -> Part {
        let states = try await CheckStateRecord.query(on: req.db).filter(\.$statusRaw != CheckStatus.ok.rawValue).all()
        let checks = try await Check.query(on: req.db).filter(\.$enabled == true).all()
        let total = checks.count
        let byID = Dictionary(checks.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        let order: [CheckStatus] = [.critical, .warning, .unknown]
        let problems = states.compactMap { state in byID[state.id!].map { (check: $0, state: state) } }
            .sorted {
                (order.firstIndex(of: $0.state.status) ?? 3, $0.check.name) < (order.firstIndex(of: $1.state.status) ?? 3, $1.check.name)
            }
        let rows = problems.prefix(8).map { problem in
            Row(
                badge: Badge(text: req.t(problem.state.status.labelKey), style: "status status-\(problem.state.status.rawValue)"),
                title: problem.check.name, href: Paths.check.path(problem.check.id!),
                details: [problem.state.lastProblem ?? problem.state.lastDetail, problem.state.hardSince.map { req.dateTime($0) }])
        }
        return Part(
            cards: [Self.attention(req.t("dashboard.card.problem_checks"), problems.count, req, href: Paths.checks.path)],
            panel: Self.panel(
                .problemChecks, req, href: .checks, rows: Array(rows),
                empty: req.services.localizer.catalogue(req.language).plural("dashboard.empty.checks_ok", count: total),
                next: Link(label: req.t("dashboard.next.checks"), href: Paths.checks.path)))
    }

    /// Open alerts, those nobody has acknowledged first.
    func alerts(_ req: Request) async throws -> Part {
        let open = try await Alert.query(on: req.db).filter(\.$closedAt == nil).sort(\.$openedAt, .descending).all()
        let sorted = open.filter { $0.acknowledgedAt == nil } + open.filter { $0.acknowledgedAt != nil }
        let names = try await CheckListing.read(ids: Set(sorted.prefix(8).map(\.checkID)), on: req.db)
        let name = Dictionary(names.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = sorted.prefix(8).map { alert in
            let status = CheckStatus(rawValue: alert.statusRaw) ?? .unknown
            return Row(
                badge: Badge(text: req.t(status.labelKey), style: "status status-\(status.rawValue)"), title: name[alert.checkID] ?? "–",
                href: Paths.alert.path(alert.id!),
                details: [
                    req.t("dashboard.since", ["time": req.dateTime(alert.openedAt)]),
                    alert.acknowledgedBy.map { req.t("alert.acknowledged_by", ["name": $0]) } ?? req.t("dashboard.unacknowledged"),
                ])
        }
        let unacknowledged = open.filter { $0.acknowledgedAt == nil }.count
        return Part(
            cards: [
                Card(
                    label: req.t("dashboard.card.open_alerts"), value: Self.number(open.count, req), href: Paths.alerts.path,
                    tone: open.isEmpty ? "good" : (unacknowledged > 0 ? "bad" : "warn"))
            ],
            panel: Self.panel(
                .alerts, req, href: .alerts, rows: Array(rows), next: Link(label: req.t("dashboard.next.alerts"), href: Paths.alerts.path)))
    }

    func risks(_ req: Request) async throws -> Part {
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let risks = RiskPages.rows(try await RiskList.build(now: req.now, zone: zone, limit: 5, on: req.db), req, zone: zone)
        let rows = risks.map { risk in
            Row(
                badge: Badge(text: risk.daysLeft, style: risk.soon ? "due due-overdue" : "due"), title: risk.title, href: risk.href,
                details: [risk.when, risk.kind, risk.detail])
        }
        return Part(panel: Self.panel(.risks, req, href: .risks, rows: rows))
    }

    /// Twelve weeks of availability and of alerts opened, a week being the seven days up to now; the cards say the
    /// last four weeks.
    func trends(_ req: Request) async throws -> Part {
        let week: TimeInterval = 7 * 86400
        let weeks = (0..<12).reversed().map { DateInterval(start: req.now.addingTimeInterval(-Double($0 + 1) * week), duration: week) }
        let period = DateInterval(start: weeks[0].start, end: req.now)
        let data = try await UptimeData.load(period: period, now: req.now, on: req.db)
        let localizer = req.services.localizer
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let label = { (span: DateInterval) in localizer.date(CalendarDate(span.end, in: zone), req.language) }
        let percent = { (basisPoints: Int) in localizer.percent(basisPoints: basisPoints, req.language) }
        // A week before the first check has no bar, so the weeks stay in their places.
        let measured = weeks.map { data.availability(of: data.checks, excluded: [], in: $0)?.1.slaBasisPoints }
        let floor = min(9500, ((measured.compactMap { $0 }.min() ?? 10000) - 50) / 100 * 100)
        let availability = zip(weeks, measured).map { span, value in
            BarSeries.Point(
                label: label(span), value: value ?? 0, text: value.map(percent) ?? req.t("dashboard.chart.no_data"),
                tone: (value ?? 10000) < 9900 ? "bad" : "")
        }
        // Every alert opened, whatever became of its check since.
        let openings = try await Alert.query(on: req.db).filter(\.$openedAt >= period.start).all().map(\.openedAt)
        let opened = weeks.map { span in openings.filter { span.contains($0) }.count }
        let alertPoints = zip(weeks, opened).map { BarSeries.Point(label: label($0), value: $1, text: Self.number($1, req)) }
        let month = DateInterval(start: weeks[8].start, end: req.now)
        let lastMonth = data.availability(of: data.checks, excluded: [], in: month)?.1.slaBasisPoints
        var charts: [Chart] = []
        if measured.contains(where: { $0 != nil }) {
            let series = BarSeries(
                availability, floor: max(0, floor), top: 10000,
                summary: req.t(
                    "dashboard.chart.availability_summary",
                    ["values": availability.map { "\($0.label) \($0.text)" }.joined(separator: ", ")]),
                number: { percent($0) })
            charts.append(Chart(title: req.t("dashboard.chart.availability"), series: series))
        }
        if try await Check.query(on: req.db).count() > 0 {
            let series = BarSeries(
                alertPoints,
                summary: req.t(
                    "dashboard.chart.alerts_summary", ["values": alertPoints.map { "\($0.label) \($0.text)" }.joined(separator: ", ")]),
                number: { Self.number($0, req) })
            charts.append(Chart(title: req.t("dashboard.chart.alerts"), series: series))
        }
        var cards: [Card] = []
        if let lastMonth {
            cards.append(
                Card(
                    label: req.t("dashboard.card.availability_4w"), value: percent(lastMonth), href: Paths.uptime.path,
                    tone: lastMonth >= 9990 ? "good" : (lastMonth >= 9900 ? "warn" : "bad")))
        }
        cards.append(
            Card(
                label: req.t("dashboard.card.alerts_4w"), value: Self.number(opened.suffix(4).reduce(0, +), req), href: Paths.alerts.path,
                tone: ""))
        return Part(cards: cards, panel: Self.panel(.trends, req, href: .uptime, charts: charts))
    }
}
