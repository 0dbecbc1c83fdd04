import Domain
import Fluent
import Foundation
import Vapor

/// A task's completions: its history, and recording it done.
extension MaintenanceTaskAPI {
    func completions(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
        }
        let id = try req.requireID()
        guard try await MaintenanceTask.find(id, on: req.db) != nil else { throw AppError.notFound }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["doneOn"], defaultSort: "doneOn"
        )
        .get()
        let base = MaintenanceRecord.query(on: req.db).filter(\.$taskID == id)
        let total = try await base.count()
        let records = try await base.sort(\.$doneOn, .descending).sort(\.$createdAt, .descending).range(
            query.offset..<(query.offset + query.limit)
        )
        .all()
        return try .json(Page(items: records.map(MaintenanceRecordDTO.init), total: total, query: query))
    }

    /// Records the task done for its current due date (If-Match: the task's version, so the same due date is not
    /// recorded twice) and answers the record; the task's new due date is in its `GET`.
    func complete(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(CompletionBody.self)
        let principal = req.principal!
        let today = try await req.application.organisationToday()
        let steps = body.steps ?? []
        let (task, record) = try await service(req).complete(
            try req.requireID(), expectedVersion: version, result: MaintenanceCompletion.Result(rawValue: body.result)!,
            passed: steps.map(\.passed), values: steps.map { $0.value ?? "" }, notes: body.notes ?? "",
            doneOn: body.doneOn.map { CalendarDate($0) } ?? today, performer: (principal.userID, principal.name))
        let response = try Response.json(MaintenanceRecordDTO(record), status: .created, version: task.version)
        return response
    }
}
