import Domain
import Fluent
import Foundation
import Vapor

/// The task list: by due state, everyone's or the reader's own, with the count of active tasks per state.
extension MaintenanceTaskPages {
    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let subject: String
            let subjectHref: String?
            let cadence: String
            let due: String
            let badge: StateBadge
            let assignee: String
            let active: Bool
        }

        struct Count: Encodable {
            let badge: StateBadge
            let count: String
            let href: String
        }

        let rows: [Row]
        let counts: [Count]
        let mine: Bool
        let canManage: Bool
        let feedHref: String
    }

    func list(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var state: String?
            var mine: String?
        }
        let filters = try req.filters(Filters.self)
        let wanted = filters.state.flatMap(MaintenanceDueState.init(rawValue:))
        let mine = filters.mine == "1"
        let today = try await req.application.organisationToday()
        var query = MaintenanceTask.query(on: req.db)
        if mine { query = query.filter(\.$assigneeID == req.principal!.userID) }
        let tasks = try await query.sort(\.$active, .descending).sort(\.$nextDue).sort(\.$title).all()
        let subjects = try await MaintenanceTaskNames.subjects(of: tasks, on: req.db)
        let names = try await MaintenanceTaskNames.userNames(Set(tasks.compactMap(\.assigneeID)), on: req.db)
        let active = tasks.filter(\.active)
        let rows = tasks.filter { wanted == nil || ($0.active && $0.state(today: today) == wanted) }.map { task in
            let subject = (task.assetID ?? task.siteID).flatMap { subjects[$0] }
            return ListContent.Row(
                href: Paths.task.path(task.id!), title: task.title, subject: subject?.0 ?? "–", subjectHref: req.link(subject?.1),
                cadence: Self.cadence(task, req), due: req.services.localizer.date(task.dueDate, req.language),
                badge: Self.badge(task.state(today: today), req), assignee: task.assigneeID.flatMap { names[$0] } ?? "–",
                active: task.active)
        }
        let counts = MaintenanceDueState.allCases.reversed().map { state in
            ListContent.Count(
                badge: Self.badge(state, req),
                count: req.services.localizer.number(active.filter { $0.state(today: today) == state }.count, req.language),
                href: Paths.tasks.path + "?state=\(state.rawValue)" + (mine ? "&mine=1" : ""))
        }
        return try await req.page(
            "monitoring/tasks", titleKey: "task.title",
            ListContent(
                rows: rows, counts: counts, mine: mine, canManage: req.may(.manageMonitoring), feedHref: Paths.profile.path + "#calendar"))
    }

}
