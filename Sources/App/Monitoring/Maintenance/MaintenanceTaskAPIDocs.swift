import Domain
import Fluent
import Foundation
import Vapor

/// What the OpenAPI document says of the maintenance tasks' routes.
enum MaintenanceTaskAPIDocs {
    static let list = APIDoc(
        summary: "Preventive maintenance tasks by next due date.",
        query: APIDocs.paging + [
            .init(
                name: "state", schema: .string(enumeration: MaintenanceDueState.allCases.map(\.rawValue)),
                description: "Only active tasks in this state today: scheduled, due (within their lead days) or overdue."),
            .init(name: "assetId", schema: .string(format: "uuid"), description: "Only the tasks of this asset."),
            .init(name: "assigneeId", schema: .string(format: "uuid"), description: "Only the tasks of this technician."),
        ], response: .page(of: "MaintenanceTask"))
    static let create = APIDoc(
        summary:
            "Create a recurring task for an asset (assetId) or a site (siteId): every N days, weeks, months or years from firstDue, with checklist steps (a step with a unit is a measurement).",
        requestBody: .ref("MaintenanceTaskBody"), response: .ref("MaintenanceTask"), successStatus: 201)
    static let get = APIDoc(summary: "One task with its next due date and state.", response: .ref("MaintenanceTask"))
    static let update = APIDoc(
        summary: "Change a task (If-Match: its version); a new firstDue moves the schedule.", requestBody: .ref("MaintenanceTaskBody"),
        response: .ref("MaintenanceTask"), conditional: true)
    static let delete = APIDoc(
        summary: "Remove a task that was never done (one with history: 422 in_use; make it inactive instead).", successStatus: 204)
    static let completions = APIDoc(
        summary: "The task's history, newest first.", query: APIDocs.paging, response: .page(of: "MaintenanceRecord"))
    static let complete = APIDoc(
        summary:
            "Record the task done for its current due date (If-Match: the task's version): result pass or fail, the day (default today, never later), notes, and per checklist step passed and, for a measurement, the value. Pass with a failed step: 422 step_failed. The task moves to its next due date.",
        requestBody: .ref("CompletionBody"), response: .ref("MaintenanceRecord"), successStatus: 201, conditional: true)

    static let schemas: [String: JSONSchema] = [
        "MaintenanceTask": MaintenanceTaskDTO.schema,
        "MaintenanceTaskBody": .object(properties: MaintenanceTaskDTO.fieldSchemas, required: []),
        "ChecklistStep": .object(properties: ["text": .string(), "unit": .string()], required: ["text"]),
        "MaintenanceRecord": MaintenanceRecordDTO.schema, "CompletionBody": CompletionBody.schema,
    ]
}
