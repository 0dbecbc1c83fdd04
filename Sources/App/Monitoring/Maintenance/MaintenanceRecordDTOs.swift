import Domain
import Fluent
import Foundation
import Vapor

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
