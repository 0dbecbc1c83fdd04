import Domain
import Fluent
import Foundation
import Vapor

/// The first page after sign-in: what each capability has to say to this person today.
struct Dashboard: Sendable {
    struct DashboardContent: Encodable {
        struct Tile: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        struct Recent: Encodable {
            let when: String
            let actor: String
            let action: String
        }

        let greeting: String
        let roleKey: String
        let tiles: [Tile]
        let recent: [Recent]
        let failingJobs: [String]
        let maintenance: [MaintenanceDue]
        let risks: [RiskPages.Row]
    }

    /// A maintenance task that is due or overdue, on the dashboard: the reader's own, then everybody's overdue ones.
    struct MaintenanceDue: Encodable {
        let href: String
        let title: String
        let subject: String
        let due: String
        let state: String
        let stateLabel: String
        let assignee: String
    }

    func page(_ req: Request) async throws -> Response {
        let principal = req.principal!
        let permissions = req.services.permissions
        let dayAgo = req.now.addingTimeInterval(-86400)
        var tiles: [DashboardContent.Tile] = []
        var recent: [DashboardContent.Recent] = []
        var failingJobs: [String] = []
        if permissions.allows(principal.role, .readUsers) {
            let active = try await User.query(on: req.db).filter(\.$disabled == false).count()
            tiles.append(
                .init(
                    labelKey: "dashboard.active_users", value: req.services.localizer.number(active, req.language),
                    href: Paths.adminUsers.path))
        }
        if permissions.allows(principal.role, .readAudit) {
            let signIns = try await AuditEntry.query(on: req.db).filter(\.$action == "auth.signin")
                .filter(\.$occurredAtMillis >= Int64(dayAgo.timeIntervalSince1970 * 1000)).count()
            let failures = try await AuditEntry.query(on: req.db).filter(\.$action == "auth.signin_failed")
                .filter(\.$occurredAtMillis >= Int64(dayAgo.timeIntervalSince1970 * 1000)).count()
            tiles.append(.init(labelKey: "dashboard.signins_24h", value: req.services.localizer.number(signIns, req.language), href: nil))
            tiles.append(
                .init(
                    labelKey: "dashboard.failed_signins_24h", value: req.services.localizer.number(failures, req.language),
                    href: Paths.adminAudit.path + "?action=auth.signin_failed"))
            recent = try await AuditEntry.query(on: req.db).sort(\.$id, .descending).limit(8).all().map {
                .init(when: req.dateTime($0.occurredAt), actor: $0.actorLabel, action: $0.action)
            }
        }
        if permissions.allows(principal.role, .readJobs) {
            failingJobs = try await Job.query(on: req.db).filter(\.$lastError != nil).all().map(\.name)
        }
        var maintenance: [MaintenanceDue] = []
        var risks: [RiskPages.Row] = []
        if permissions.allows(principal.role, .readMonitoring) {
            let zone = try await req.application.services.organisation.current(on: req.db).timeZone
            risks = RiskPages.rows(try await RiskList.build(now: req.now, zone: zone, limit: 5, on: req.db), req, zone: zone)
            let open = try await Alert.query(on: req.db).filter(\.$closedAt == nil).count()
            tiles.append(
                .init(labelKey: "dashboard.open_alerts", value: req.services.localizer.number(open, req.language), href: Paths.alerts.path))
            let today = try await req.application.organisationToday()
            // Lead days are a year at most, so a task due within a year's lead can be due today.
            let candidates = try await MaintenanceTask.query(on: req.db).filter(\.$active == true)
                .filter(\.$nextDue <= today.adding(days: 365).description).sort(\.$nextDue).all()
            let pressing = candidates.filter { $0.state(today: today) != .scheduled }
            let overdue = pressing.filter { $0.state(today: today) == .overdue }.count
            tiles.append(
                .init(
                    labelKey: "dashboard.overdue_maintenance", value: req.services.localizer.number(overdue, req.language),
                    href: Paths.tasks.path + "?state=overdue"))
            let shown = (pressing.filter { $0.assigneeID == principal.userID } + pressing.filter { $0.assigneeID != principal.userID })
                .prefix(8)
            let subjects = try await MaintenanceTaskNames.subjects(of: Array(shown), on: req.db)
            let names = try await MaintenanceTaskNames.userNames(Set(shown.compactMap(\.assigneeID)), on: req.db)
            maintenance = shown.map { task in
                let state = task.state(today: today)
                return MaintenanceDue(
                    href: Paths.task.path(task.id!), title: task.title,
                    subject: (task.assetID ?? task.siteID).flatMap { subjects[$0]?.0 } ?? "",
                    due: req.services.localizer.date(task.dueDate, req.language), state: state.rawValue, stateLabel: req.t(state.labelKey),
                    assignee: task.assigneeID.flatMap { names[$0] } ?? "–")
            }
        }
        return try await req.page(
            "dashboard", titleKey: "dashboard.title",
            DashboardContent(
                greeting: req.t("dashboard.greeting", ["name": principal.name]), roleKey: principal.role.labelKey, tiles: tiles,
                recent: recent, failingJobs: failingJobs, maintenance: maintenance, risks: risks))
    }
}
