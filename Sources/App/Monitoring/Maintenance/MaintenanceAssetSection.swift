import Domain
import Fluent
import Foundation
import Vapor

/// The maintenance section of another page (an asset's): its tasks and the last maintenance done on it.
struct MaintenanceAssetSection: Encodable {
    struct Task: Encodable {
        let href: String
        let title: String
        let cadence: String
        let due: String
        let badge: MaintenanceTaskPages.StateBadge
    }

    struct Done: Encodable {
        let href: String
        let title: String
        let done: String
        let result: String
        let passed: Bool
        let by: String
    }

    let tasks: [Task]
    let history: [Done]
    let newHref: String?

    /// The asset's tasks and the last maintenance done on it.
    static func of(_ asset: Asset, _ req: Request) async throws -> MaintenanceAssetSection {
        let today = try await req.application.organisationToday()
        let localizer = req.services.localizer
        let tasks = try await MaintenanceTask.query(on: req.db).filter(\.$assetID == asset.id!).filter(\.$active == true).sort(\.$nextDue)
            .all()
        let records = try await MaintenanceRecord.query(on: req.db).filter(\.$assetID == asset.id!).sort(\.$doneOn, .descending).limit(20)
            .all()
        return MaintenanceAssetSection(
            tasks: tasks.map {
                .init(
                    href: Paths.task.path($0.id!), title: $0.title, cadence: MaintenanceTaskPages.cadence($0, req),
                    due: localizer.date($0.dueDate, req.language),
                    badge: MaintenanceTaskPages.badge($0.state(today: today), req))
            },
            history: records.map {
                .init(
                    href: Paths.task.path($0.taskID), title: $0.title,
                    done: CalendarDate($0.doneOn).map { localizer.date($0, req.language) } ?? $0.doneOn, result: req.t($0.result.labelKey),
                    passed: $0.result == .pass, by: $0.performedByName)
            },
            newHref: req.may(.manageMonitoring)
                ? Paths.taskNew.path + "?assetTag=" + (asset.tag.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") : nil)
    }
}
