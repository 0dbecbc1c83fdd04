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
