import Domain
import Fluent
import Foundation
import SQLKit

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
