import Domain
import Fluent
import Foundation
import Vapor

extension MaintenanceTaskService {
    /// Records a maintenance done on `doneOn` for the task's current due date and moves the task to its next one.
    /// The version guards against two people recording the same due date: the second gets 412 (409 on the page).
    func complete(
        _ id: UUID, expectedVersion: Int?, result: MaintenanceCompletion.Result, passed: [Bool], values: [String], notes: String,
        doneOn: CalendarDate?, performer: (id: UUID, name: String)?
    ) async throws -> (MaintenanceTask, MaintenanceRecord) {
        let today = try await app.organisationToday()
        guard let doneOn, doneOn <= today else {
            throw ValidationFailure([FieldError(field: "doneOn", code: doneOn == nil ? .dateInvalid : .outOfRange)])
        }
        if notes.count > 10_000 { throw ValidationFailure([FieldError(field: "notes", code: .tooLong)]) }
        let record = MaintenanceRecord()
        let now = app.services.clock.now()
        let actor = self.actor
        let task = try await app.updateAudited(
            MaintenanceTask.self, id: id, expectedVersion: expectedVersion, actor: actor, action: "complete"
        ) { task, db in
            let completion = try MaintenanceCompletion.validate(result: result, passed: passed, values: values, against: task.steps).get()
            let encoder = JSONEncoder()
            record.id = UUID()
            (record.taskID, record.title, record.assetID, record.siteID) = (id, task.title, task.assetID, task.siteID)
            (record.dueOn, record.doneOn, record.resultRaw) = (task.nextDue, doneOn.description, completion.result.rawValue)
            record.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
            record.stepsJSON = task.stepsJSON
            record.stepResultsJSON = String(decoding: try encoder.encode(completion.steps), as: UTF8.self)
            (record.performedBy, record.performedByName) = (performer?.id, performer?.name ?? actor.label)
            record.createdAt = now
            try await record.insertAudited(on: db, actor: actor, at: now)
            task.nextDue = task.cadence.nextDue(anchor: task.anchorDate, satisfied: task.dueDate, doneOn: doneOn).description
        }
        return (task, record)
    }
}
