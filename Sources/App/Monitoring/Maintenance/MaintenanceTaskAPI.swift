import Domain
import Fluent
import Foundation
import Vapor

/// `/api/v1/maintenance-tasks` and their completions.
struct MaintenanceTaskAPI: Sendable {
    func service(_ req: Request) -> MaintenanceTaskService {
        MaintenanceTaskService(app: req.application, actor: req.auditActor)
    }

    func list(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
            var state: String?
            var assetId: UUID?
            var assigneeId: UUID?
        }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["nextDue"], defaultSort: "nextDue"
        )
        .get()
        let state = try filters.state.map { text in
            guard let state = MaintenanceDueState(rawValue: text) else {
                throw AppError.invalid(ValidationFailure([FieldError(field: "state", code: .invalid)]))
            }
            return state
        }
        let today = try await req.application.organisationToday()
        var base = MaintenanceTask.query(on: req.db)
        if let asset = filters.assetId { base = base.filter(\.$assetID == asset) }
        if let assignee = filters.assigneeId { base = base.filter(\.$assigneeID == assignee) }
        var tasks = try await base.sort(\.$nextDue).sort(\.$title).all()
        // The state depends on today and each task's lead days: filtered here, on the active tasks.
        if let state { tasks = tasks.filter { $0.active && $0.state(today: today) == state } }
        let page = tasks.dropFirst(query.offset).prefix(query.limit).map { MaintenanceTaskDTO($0, today: today) }
        return try .json(Page(items: Array(page), total: tasks.count, query: query))
    }

    func get(_ req: Request) async throws -> Response {
        guard let task = try await MaintenanceTask.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(MaintenanceTaskDTO(task, today: try await req.application.organisationToday()), version: task.version)
    }

    func create(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(MaintenanceTaskBody.self)
        let task = try await service(req).create(try body.merged(over: nil, present: present))
        let response = try Response.json(
            MaintenanceTaskDTO(task, today: try await req.application.organisationToday()), status: .created, version: task.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiTask.path(task.id!))
        return response
    }

    func update(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let (body, present) = try req.decodeStrictWithKeys(MaintenanceTaskBody.self)
        guard let current = try await MaintenanceTask.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let task = try await service(req).update(current.id!, expectedVersion: version, try body.merged(over: current, present: present))
        return try .json(MaintenanceTaskDTO(task, today: try await req.application.organisationToday()), version: task.version)
    }

    func delete(_ req: Request) async throws -> Response {
        try await service(req).delete(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }
}
