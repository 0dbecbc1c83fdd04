import Domain
import Fluent
import Foundation
import Vapor

struct MaintenanceTaskDTO: Content {
    struct Step: Content {
        let text: String
        let unit: String?
    }

    let id: UUID
    let title: String
    let instructions: String
    let assetId: UUID?
    let siteId: UUID?
    let every: Int
    let unit: MaintenanceCadence.Unit
    let firstDue: String
    let nextDue: String
    let state: MaintenanceDueState
    let leadDays: Int
    let assigneeId: UUID?
    let steps: [Step]
    let active: Bool
    let version: Int

    init(_ task: MaintenanceTask, today: CalendarDate) {
        (id, title, instructions, assetId, siteId) = (task.id!, task.title, task.instructions, task.assetID, task.siteID)
        (every, unit, firstDue, nextDue) = (task.cadence.every, task.cadence.unit, task.anchor, task.nextDue)
        (state, leadDays, assigneeId) = (task.state(today: today), task.leadDays, task.assigneeID)
        (steps, active, version) = (task.steps.map { Step(text: $0.text, unit: $0.unit) }, task.active, task.version)
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "title": .string(), "instructions": .string(), "assetId": .string(format: "uuid"), "siteId": .string(format: "uuid"),
        "every": .integer(minimum: 1), "unit": .string(enumeration: MaintenanceCadence.Unit.allCases.map(\.rawValue)),
        "firstDue": .string(format: "date"), "leadDays": .integer(minimum: 0, maximum: 365), "assigneeId": .string(format: "uuid"),
        "steps": .array(.ref("ChecklistStep")), "active": .boolean,
    ]

    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging([
            "id": .string(format: "uuid"), "nextDue": .string(format: "date"),
            "state": .string(enumeration: MaintenanceDueState.allCases.map(\.rawValue)), "version": .integer(minimum: 1),
        ]) { $1 },
        required: [
            "id", "title", "instructions", "every", "unit", "firstDue", "nextDue", "state", "leadDays", "steps", "active", "version",
        ])
}

/// A task as a POST or PATCH gives it; in a PATCH what is left out keeps its value.
struct MaintenanceTaskBody: APIRequestBody {
    let title: String?
    let instructions: String?
    let assetId: UUID?
    let siteId: UUID?
    let every: Int?
    /// Text, so an unknown unit is named as the field in error.
    let unit: String?
    let firstDue: String?
    let leadDays: Int?
    let assigneeId: UUID?
    let steps: [MaintenanceTaskDTO.Step]?
    let active: Bool?

    static let fieldNames = Set(MaintenanceTaskDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // MaintenanceTaskService.Input.validate, after merging.

    func merged(over base: MaintenanceTask?, present: Set<String>) throws -> MaintenanceTaskService.Input {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        let unitText = pick("unit", unit, base?.unitRaw) ?? ""
        guard let unit = MaintenanceCadence.Unit(rawValue: unitText) else {
            throw ValidationFailure([FieldError(field: "unit", code: .invalid)])
        }
        let firstDueText = pick("firstDue", firstDue, base?.anchor) ?? ""
        let steps = pick("steps", steps.map { $0.map { ChecklistStep(text: $0.text, unit: $0.unit) } }, base?.steps) ?? []
        return MaintenanceTaskService.Input(
            title: pick("title", title, base?.title) ?? "", instructions: pick("instructions", instructions, base?.instructions) ?? "",
            assetID: pick("assetId", assetId, base?.assetID), siteID: pick("siteId", siteId, base?.siteID),
            every: pick("every", every, base?.every) ?? 0, unit: unit, firstDue: CalendarDate(firstDueText),
            leadDays: pick("leadDays", leadDays, base?.leadDays) ?? 7, assigneeID: pick("assigneeId", assigneeId, base?.assigneeID),
            steps: steps, active: pick("active", active, base?.active) ?? true)
    }
}

struct MaintenanceRecordDTO: Content {
    struct Step: Content {
        let text: String
        let unit: String?
        let passed: Bool
        let value: String?
    }

    let id: UUID
    let taskId: UUID
    let dueOn: String
    let doneOn: String
    let result: MaintenanceCompletion.Result
    let notes: String
    let performedBy: String
    let steps: [Step]

    init(_ record: MaintenanceRecord) {
        let results = record.stepResults
        (id, taskId, dueOn, doneOn, result) = (record.id!, record.taskID, record.dueOn, record.doneOn, record.result)
        (notes, performedBy) = (record.notes, record.performedByName)
        steps = record.steps.enumerated().map { index, step in
            let outcome = index < results.count ? results[index] : nil
            return Step(text: step.text, unit: step.unit, passed: outcome?.passed ?? false, value: outcome?.value)
        }
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "taskId": .string(format: "uuid"), "dueOn": .string(format: "date"),
            "doneOn": .string(format: "date"), "result": .string(enumeration: MaintenanceCompletion.Result.allCases.map(\.rawValue)),
            "notes": .string(), "performedBy": .string(),
            "steps": .array(
                .object(
                    properties: ["text": .string(), "unit": .string(), "passed": .boolean, "value": .string()],
                    required: ["text", "passed"])),
        ], required: ["id", "taskId", "dueOn", "doneOn", "result", "notes", "performedBy", "steps"])
}

/// A maintenance done, as the API records it: one entry per checklist step, in order.
struct CompletionBody: APIRequestBody {
    struct Step: Decodable, Sendable {
        let passed: Bool
        let value: String?
    }

    let result: String
    let doneOn: String?
    let notes: String?
    let steps: [Step]?

    static let fieldNames: Set<String> = ["result", "doneOn", "notes", "steps"]
    func validate() -> [FieldError] {
        MaintenanceCompletion.Result(rawValue: result) == nil ? [FieldError(field: "result", code: .invalid)] : []
    }

    static let schema = JSONSchema.object(
        properties: [
            "result": .string(enumeration: MaintenanceCompletion.Result.allCases.map(\.rawValue)), "doneOn": .string(format: "date"),
            "notes": .string(),
            "steps": .array(.object(properties: ["passed": .boolean, "value": .string()], required: ["passed"])),
        ], required: ["result"])
}

/// `/api/v1/maintenance-tasks` and their completions.
struct MaintenanceTaskAPI: Sendable {
    private func service(_ req: Request) -> MaintenanceTaskService {
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

    static let docs = (
        list: APIDoc(
            summary: "Preventive maintenance tasks by next due date.",
            query: APIDocs.paging + [
                .init(
                    name: "state", schema: .string(enumeration: MaintenanceDueState.allCases.map(\.rawValue)),
                    description: "Only active tasks in this state today: scheduled, due (within their lead days) or overdue."),
                .init(name: "assetId", schema: .string(format: "uuid"), description: "Only the tasks of this asset."),
                .init(name: "assigneeId", schema: .string(format: "uuid"), description: "Only the tasks of this technician."),
            ], response: .page(of: "MaintenanceTask")),
        create: APIDoc(
            summary:
                "Create a recurring task for an asset (assetId) or a site (siteId): every N days, weeks, months or years from firstDue, with checklist steps (a step with a unit is a measurement).",
            requestBody: .ref("MaintenanceTaskBody"), response: .ref("MaintenanceTask"), successStatus: 201),
        get: APIDoc(summary: "One task with its next due date and state.", response: .ref("MaintenanceTask")),
        update: APIDoc(
            summary: "Change a task (If-Match: its version); a new firstDue moves the schedule.", requestBody: .ref("MaintenanceTaskBody"),
            response: .ref("MaintenanceTask"), conditional: true),
        delete: APIDoc(
            summary: "Remove a task that was never done (one with history: 422 in_use; make it inactive instead).", successStatus: 204),
        completions: APIDoc(summary: "The task's history, newest first.", query: APIDocs.paging, response: .page(of: "MaintenanceRecord")),
        complete: APIDoc(
            summary:
                "Record the task done for its current due date (If-Match: the task's version): result pass or fail, the day (default today, never later), notes, and per checklist step passed and, for a measurement, the value. Pass with a failed step: 422 step_failed. The task moves to its next due date.",
            requestBody: .ref("CompletionBody"), response: .ref("MaintenanceRecord"), successStatus: 201, conditional: true)
    )

    static let schemas: [String: JSONSchema] = [
        "MaintenanceTask": MaintenanceTaskDTO.schema,
        "MaintenanceTaskBody": .object(properties: MaintenanceTaskDTO.fieldSchemas, required: []),
        "ChecklistStep": .object(properties: ["text": .string(), "unit": .string()], required: ["text"]),
        "MaintenanceRecord": MaintenanceRecordDTO.schema, "CompletionBody": CompletionBody.schema,
    ]
}
