import Domain
import Fluent
import Foundation
import SQLKit

/// A recurring preventive maintenance task for an asset or a site ("quarterly: restore a backup and verify it"), with
/// its checklist, cadence, technician and next due date.
final class MaintenanceTask: Model, @unchecked Sendable {
    static let schema = "maintenance_tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "instructions") var instructions: String
    @OptionalField(key: "asset_id") var assetID: UUID?
    @OptionalField(key: "site_id") var siteID: UUID?
    @Field(key: "every") var every: Int
    @Field(key: "unit") var unitRaw: String
    /// The first due date, `YYYY-MM-DD`: every later one is counted from it.
    @Field(key: "anchor") var anchor: String
    /// `YYYY-MM-DD`, so it sorts as text on both databases.
    @Field(key: "next_due") var nextDue: String
    @Field(key: "lead_days") var leadDays: Int
    @OptionalField(key: "assignee_id") var assigneeID: UUID?
    /// `[ChecklistStep]` as JSON.
    @Field(key: "steps") var stepsJSON: String
    @Field(key: "active") var active: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var cadence: MaintenanceCadence {
        MaintenanceCadence(every: every, unit: MaintenanceCadence.Unit(rawValue: unitRaw) ?? .months)
            ?? MaintenanceCadence(every: 1, unit: .months)!
    }
    var steps: [ChecklistStep] { (try? JSONDecoder().decode([ChecklistStep].self, from: Data(stepsJSON.utf8))) ?? [] }
    var anchorDate: CalendarDate { CalendarDate(anchor) ?? CalendarDate(year: 2000, month: 1, day: 1)! }
    var dueDate: CalendarDate { CalendarDate(nextDue) ?? anchorDate }

    func state(today: CalendarDate) -> MaintenanceDueState { MaintenanceDueState(due: dueDate, today: today, leadDays: leadDays) }

    static func encode(_ steps: [ChecklistStep]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(steps)) ?? Data("[]".utf8), as: UTF8.self)
    }

    var auditFields: [String: String] {
        [
            "title": title, "instructions": instructions, "asset": assetID?.uuidString ?? "", "site": siteID?.uuidString ?? "",
            "every": String(every), "unit": unitRaw, "anchor": anchor, "next_due": nextDue, "lead_days": String(leadDays),
            "assignee": assigneeID?.uuidString ?? "", "steps": steps.map(\.line).joined(separator: "\n"), "active": String(active),
        ]
    }
}

extension MaintenanceTask: VersionedRecord {
    static let auditEntityType = "maintenance_task"
    var auditLabel: String { title }
    static func auditPath(_ id: UUID) -> String? { Paths.task.path(id) }
}

/// A maintenance done: when, by whom, for which due date, its result, notes and each checklist step's outcome. Kept
/// with the asset's history; never changed afterwards.
final class MaintenanceRecord: Model, @unchecked Sendable {
    static let schema = "maintenance_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "title") var title: String
    @OptionalField(key: "asset_id") var assetID: UUID?
    @OptionalField(key: "site_id") var siteID: UUID?
    @Field(key: "due_on") var dueOn: String
    @Field(key: "done_on") var doneOn: String
    @Field(key: "result") var resultRaw: String
    @Field(key: "notes") var notes: String
    /// `[ChecklistStep]` as they were, and `[StepResult]`, as JSON: the record reads the same after the task changes.
    @Field(key: "steps") var stepsJSON: String
    @Field(key: "step_results") var stepResultsJSON: String
    @OptionalField(key: "performed_by") var performedBy: UUID?
    @Field(key: "performed_by_name") var performedByName: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var result: MaintenanceCompletion.Result { MaintenanceCompletion.Result(rawValue: resultRaw) ?? .fail }
    var steps: [ChecklistStep] { (try? JSONDecoder().decode([ChecklistStep].self, from: Data(stepsJSON.utf8))) ?? [] }
    var stepResults: [StepResult] { (try? JSONDecoder().decode([StepResult].self, from: Data(stepResultsJSON.utf8))) ?? [] }

    var auditFields: [String: String] {
        [
            "task": taskID.uuidString, "due_on": dueOn, "done_on": doneOn, "result": resultRaw, "notes": notes,
            "step_results": stepResultsJSON, "performed_by": performedByName,
        ]
    }
}

extension MaintenanceRecord: VersionedRecord {
    static let auditEntityType = "maintenance_record"
    var auditLabel: String { title }
}

/// A person's calendar feed: the secret in its URL, sealed, and its SHA-256 for finding the person.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(custom: "id", generatedBy: .user) var id: UUID?
    @Field(key: "token_sealed") var tokenSealed: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    static func tokenContext(_ userID: UUID) -> String { "calendar.feed:\(userID.uuidString)" }
}
