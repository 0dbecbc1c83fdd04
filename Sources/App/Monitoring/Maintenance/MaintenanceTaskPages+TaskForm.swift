import Domain
import Fluent
import Foundation
import Vapor

/// The task form's values: as submitted, as a task stands, and the service's input they make.
extension MaintenanceTaskPages {
    /// The task form's values as submitted, as text so a wrong number is shown back as typed.
    struct TaskForm: Content {
        var values: [String: String] = [:]
        var version: Int?

        static let fields = [
            "title", "assetTag", "siteId", "every", "unit", "firstDue", "leadDays", "assigneeId", "steps", "instructions", "active",
        ]

        init(today: CalendarDate) {
            values = ["every": "3", "unit": "months", "firstDue": today.description, "leadDays": "7", "active": "on"]
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            for name in Self.fields { values[name] = form[name] }
            version = form.version
        }

        init(_ task: MaintenanceTask, assetTag: String) {
            values = [
                "title": task.title, "assetTag": assetTag, "siteId": task.siteID?.uuidString ?? "", "every": String(task.every),
                "unit": task.unitRaw, "firstDue": task.anchor, "leadDays": String(task.leadDays),
                "assigneeId": task.assigneeID?.uuidString ?? "", "steps": task.steps.map(\.line).joined(separator: "\n"),
                "instructions": task.instructions, "active": task.active ? "on" : "",
            ]
            version = task.version
        }

        subscript(_ name: String) -> String { values[name] ?? "" }

        func input(on db: any Database) async throws -> MaintenanceTaskService.Input {
            var errors: [FieldError] = []
            func number(_ name: String) -> Int? {
                guard let value = Int(self[name].trimmingCharacters(in: .whitespaces)) else {
                    errors.append(FieldError(field: name, code: self[name].isEmpty ? .required : .invalid))
                    return nil
                }
                return value
            }
            let unit = MaintenanceCadence.Unit(rawValue: self["unit"])
            if unit == nil { errors.append(FieldError(field: "unit", code: .invalid)) }
            var assetID: UUID?
            let tag = self["assetTag"].trimmingCharacters(in: .whitespaces)
            if !tag.isEmpty {
                assetID = try await Asset.find(tag: tag, on: db)?.id
                if assetID == nil { errors.append(FieldError(field: "assetTag", code: .notFound)) }
            }
            let input = MaintenanceTaskService.Input(
                title: self["title"], instructions: self["instructions"], assetID: assetID,
                siteID: tag.isEmpty ? UUID(uuidString: self["siteId"]) : nil, every: number("every") ?? 1, unit: unit ?? .months,
                firstDue: CalendarDate(self["firstDue"]), leadDays: number("leadDays") ?? 7,
                assigneeID: UUID(uuidString: self["assigneeId"]),
                steps: ChecklistStep.parse(self["steps"]), active: self["active"] == "on")
            let all =
                errors
                + input.validate().filter { problem in
                    !errors.contains { $0.field == problem.field }
                        && !(problem.field == "assetTag" && errors.contains { $0.field == "assetTag" })
                }
            if !all.isEmpty { throw ValidationFailure(all) }
            return input
        }
    }
}
