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
