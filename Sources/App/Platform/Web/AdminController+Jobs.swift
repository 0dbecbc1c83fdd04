import Domain
import Fluent
import Foundation
import Vapor

/// The background jobs page: each job's schedule, state, last run and last error.
extension AdminController {
    struct JobsContent: Encodable {
        struct Row: Encodable {
            let name: String
            let kind: String
            let schedule: String
            let status: String
            let runAt: String
            let lastSuccess: String
            let lastError: String
            let attempts: Int
        }

        let rows: [Row]
    }

    func jobs(_ req: Request) async throws -> Response {
        let jobs = try await Job.query(on: req.db).sort(\.$runAt).limit(500).all()
        let content = JobsContent(
            rows: jobs.map {
                .init(
                    name: req.t("jobs.name.\($0.name)"), kind: "jobs.kind.\($0.kindRaw)", schedule: Self.schedule($0.schedule, req),
                    status: "jobs.status.\($0.statusRaw)",
                    runAt: req.dateTime($0.runAt), lastSuccess: req.dateTime($0.lastSuccessAt), lastError: $0.lastError ?? "",
                    attempts: $0.attempts)
            })
        return try await req.page("admin/jobs", titleKey: "jobs.title", content)
    }

    /// "every 6 hours" rather than the stored `every 21600s`; a cron expression as it is written.
    static func schedule(_ text: String?, _ req: Request) -> String {
        guard let text, let schedule = try? JobSchedule.parse(text) else { return text ?? "–" }
        guard case .every(let seconds) = schedule else { return text }
        let (count, unit) =
            seconds % 86_400 == 0
            ? (seconds / 86_400, "days")
            : seconds % 3600 == 0 ? (seconds / 3600, "hours") : seconds % 60 == 0 ? (seconds / 60, "minutes") : (seconds, "seconds")
        return req.services.localizer.catalogue(req.language).plural("schedule.every.\(unit)", count: count)
    }
}
