import Domain
import Fluent
import Foundation
import Vapor

/// Each person's iCalendar feed of their maintenance: the tasks assigned to them over the coming year and, for those
/// who read monitoring, the maintenance windows of the coming 90 days. A calendar application subscribes to the URL
/// without a session, so the URL carries a secret (sealed in the database, found by its SHA-256); renewing it on the
/// profile page ends the old one at once.
struct CalendarFeedPages: Sendable {
    static let windowDays = 90
    static let taskDays = 366

    /// The feed's address for the profile page, if the person has one.
    static func url(for userID: UUID, _ req: Request) async throws -> String? {
        guard let feed = try await CalendarFeed.find(userID, on: req.db),
            let token = try? req.services.secretBox.open(feed.tokenSealed, boundTo: CalendarFeed.tokenContext(userID))
        else { return nil }
        return try await MonitorViews.publicURL(Paths.calendarFeed.rawValue.replacingOccurrences(of: ":token", with: token + ".ics"), req)
    }

    /// Makes a new secret for the signed-in person's feed (the first one, or instead of the old).
    func renew(_ req: Request) async throws -> Response {
        let principal = req.principal!
        let token = Secrets.randomToken()
        let sealed = try req.services.secretBox.seal(token, boundTo: CalendarFeed.tokenContext(principal.userID))
        let now = req.now
        let actor = req.auditActor
        try await req.application.write { db in
            let existing = try await CalendarFeed.find(principal.userID, on: db)
            let feed = existing ?? CalendarFeed()
            (feed.id, feed.tokenSealed, feed.tokenHash, feed.createdAt) = (principal.userID, sealed, Secrets.hash(token), now)
            try await feed.save(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: existing == nil ? "calendar_feed.create" : "calendar_feed.renew", entityType: "calendar_feed",
                entityID: principal.userID.uuidString, changes: [:], at: now)
        }
        return req.redirect(to: Paths.profile.path + "?done=saved#calendar", redirectType: .normal)
    }

    func feed(_ req: Request) async throws -> Response {
        guard var token = req.parameters.get("token"), token.count <= 200 else { throw AppError.notFound }
        if token.hasSuffix(".ics") { token.removeLast(4) }
        guard let feed = try await CalendarFeed.query(on: req.db).filter(\.$tokenHash == Secrets.hash(token)).first(),
            let user = try await User.find(feed.id, on: req.db), !user.disabled
        else { throw AppError.notFound }
        let organisation = try await req.application.services.organisation.current(on: req.db)
        let language = user.languageRaw.flatMap(Language.init(rawValue:)) ?? Language(rawValue: organisation.defaultLanguage) ?? .en
        let localizer = req.services.localizer
        let today = try await req.application.organisationToday()
        let horizon = today.adding(days: Self.taskDays)
        var events: [ICalendar.Event] = []

        let tasks = try await MaintenanceTask.query(on: req.db).filter(\.$assigneeID == user.id!).filter(\.$active == true).all()
        let subjects = try await MaintenanceTaskNames.subjects(of: tasks, on: req.db)
        for task in tasks {
            let subject = (task.assetID ?? task.siteID).flatMap { subjects[$0]?.0 }
            let summary = [task.title, subject].compactMap { $0 }.joined(separator: " · ")
            let description = ([task.instructions] + task.steps.map { "☐ " + $0.line }).filter { !$0.isEmpty }.joined(separator: "\n")
            let link = try await MonitorViews.publicURL(Paths.task.path(task.id!), req)
            // The due date, then the ones after it within a year: what the technician plans around.
            var due = task.dueDate
            var guardCount = 0
            while due <= horizon, guardCount < 400 {
                let overdue = due < today
                events.append(
                    .init(
                        uid: "task-\(task.id!.uuidString)-\(due)@quartermaster",
                        summary: overdue ? localizer.text("task.feed.overdue", language, ["title": summary]) : summary,
                        description: description, when: .day(overdue ? today : due), url: link))
                due = task.cadence.nextDue(anchor: task.anchorDate, satisfied: due, doneOn: max(due, today))
                guardCount += 1
            }
        }

        if req.services.permissions.allows(user.role, .readMonitoring) {
            let now = req.now
            let range = DateInterval(
                start: now.addingTimeInterval(-7 * 86400), end: now.addingTimeInterval(Double(Self.windowDays) * 86400))
            for window in try await MaintenanceWindow.query(on: req.db).sort(\.$name).all() {
                guard let schedule = MaintenanceCalendar.schedule(window) else { continue }
                for span in schedule.windows(overlapping: range, limit: 200) {
                    events.append(
                        .init(
                            uid: "window-\(window.id!.uuidString)-\(Int(span.start.timeIntervalSince1970))@quartermaster",
                            summary: localizer.text("task.feed.window", language, ["name": window.name]),
                            description: localizer.text(window.scope.labelKey, language), when: .span(span)))
                }
            }
        }
        let calendar = ICalendar(name: localizer.text("task.feed.name", language, ["name": user.name]), events: events)
        let response = Response(status: .ok, body: .init(string: calendar.render(stamp: req.now)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return response
    }
}
