import Domain
import Fluent
import Foundation
import Vapor

extension MaintenanceTaskService {
    /// A task as the page and the API give it.
    struct Input: Sendable {
        var title: String
        var instructions = ""
        var assetID: UUID?
        var siteID: UUID?
        var every: Int
        var unit: MaintenanceCadence.Unit
        /// The first due date; on a change, a new one moves the schedule.
        var firstDue: CalendarDate?
        var leadDays = 7
        var assigneeID: UUID?
        var steps: [ChecklistStep] = []
        var active = true

        func validate() -> [FieldError] {
            var errors: [FieldError] = []
            if let error = Validate.required(title, field: "title") { errors.append(error) }
            if title.count > 200 { errors.append(FieldError(field: "title", code: .tooLong)) }
            if instructions.count > 10_000 { errors.append(FieldError(field: "instructions", code: .tooLong)) }
            if (assetID == nil) == (siteID == nil) { errors.append(FieldError(field: "assetTag", code: .required)) }
            if MaintenanceCadence(every: every, unit: unit) == nil { errors.append(FieldError(field: "every", code: .outOfRange)) }
            if firstDue == nil { errors.append(FieldError(field: "firstDue", code: .dateInvalid)) }
            if !(0...365).contains(leadDays) { errors.append(FieldError(field: "leadDays", code: .outOfRange)) }
            if steps.count > 50 || steps.contains(where: { $0.line.count > 300 }) {
                errors.append(FieldError(field: "steps", code: .tooLong))
            }
            return errors
        }

        func apply(to task: MaintenanceTask) {
            task.title = title.trimmingCharacters(in: .whitespaces)
            task.instructions = instructions.trimmingCharacters(in: .whitespacesAndNewlines)
            (task.assetID, task.siteID, task.every, task.unitRaw) = (assetID, siteID, every, unit.rawValue)
            if let firstDue, firstDue.description != task.anchor {
                (task.anchor, task.nextDue) = (firstDue.description, firstDue.description)
            }
            (task.leadDays, task.assigneeID, task.stepsJSON, task.active) = (leadDays, assigneeID, MaintenanceTask.encode(steps), active)
        }
    }
}
