import Domain
import Fluent
import Foundation
import Vapor

/// The preventive maintenance pages: the task list by due state, a task with its checklist, the form to record it
/// done and its history, and the task form.
struct MaintenanceTaskPages: Sendable {
    typealias FormField = MonitorPages.FormField

    func service(_ req: Request) -> MaintenanceTaskService {
        MaintenanceTaskService(app: req.application, actor: req.auditActor)
    }

    struct StateBadge: Encodable {
        let state: String
        let label: String
    }

    static func badge(_ state: MaintenanceDueState, _ req: Request) -> StateBadge {
        StateBadge(state: state.rawValue, label: req.t(state.labelKey))
    }

    static func cadence(_ task: MaintenanceTask, _ req: Request) -> String {
        req.services.localizer.catalogue(req.language).plural("task.every.\(task.cadence.unit.rawValue)", count: task.cadence.every)
    }

}
