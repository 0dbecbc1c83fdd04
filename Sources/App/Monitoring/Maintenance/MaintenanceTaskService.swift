import Domain
import Fluent
import Foundation
import Vapor

/// Preventive maintenance tasks: created, changed, completed and removed here, each change in one transaction with
/// its audit entry.
struct MaintenanceTaskService: Sendable {
    let app: Application
    let actor: AuditActor

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

    /// The asset, site and technician must exist; the technician must be someone who may record maintenance.
    private static func checkReferences(_ input: Input, permissions: PermissionTable, on db: any Database) async throws {
        var errors: [FieldError] = []
        if let asset = input.assetID, try await Asset.find(asset, on: db) == nil {
            errors.append(FieldError(field: "assetTag", code: .notFound))
        }
        if let site = input.siteID, try await Site.find(site, on: db) == nil { errors.append(FieldError(field: "siteId", code: .notFound)) }
        if let assignee = input.assigneeID {
            let user = try await User.find(assignee, on: db)
            if user == nil || user?.disabled == true || !permissions.allows(user!.role, .manageMonitoring) {
                errors.append(FieldError(field: "assigneeId", code: .notFound))
            }
        }
        try InputCheck.check(errors)
    }

    func create(_ input: Input) async throws -> MaintenanceTask {
        try InputCheck.check(input.validate())
        let task = MaintenanceTask()
        task.id = UUID()
        task.anchor = ""
        input.apply(to: task)
        task.createdAt = app.services.clock.now()
        let permissions = app.services.permissions
        return try await app.createAudited(task, actor: actor) { db in
            try await Self.checkReferences(input, permissions: permissions, on: db)
        }
    }

    func update(_ id: UUID, expectedVersion: Int?, _ input: Input) async throws -> MaintenanceTask {
        try InputCheck.check(input.validate())
        let permissions = app.services.permissions
        return try await app.updateAudited(MaintenanceTask.self, id: id, expectedVersion: expectedVersion, actor: actor) { task, db in
            try await Self.checkReferences(input, permissions: permissions, on: db)
            input.apply(to: task)
        }
    }

    /// A task that was done keeps its history: it cannot be removed, only made inactive.
    func delete(_ id: UUID, expectedVersion: Int?) async throws {
        try await app.deleteAudited(MaintenanceTask.self, id: id, expectedVersion: expectedVersion, actor: actor) { _, db in
            if try await MaintenanceRecord.query(on: db).filter(\.$taskID == id).count() > 0 {
                throw ValidationFailure([FieldError(field: "id", code: .inUse)])
            }
        }
    }

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
