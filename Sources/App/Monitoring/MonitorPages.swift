import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The monitoring pages: the check list with its status summary, a check with its chart, results and alerts, the
/// check form, the alerts grouped per asset with their timelines, and the maintenance windows.
struct MonitorPages: Sendable {
    func service(_ req: Request) -> CheckService { CheckService(app: req.application, actor: req.auditActor) }

    struct StatusBadge: Encodable {
        let status: String
        let label: String
    }

    static func badge(_ status: CheckStatus, _ req: Request) -> StatusBadge {
        StatusBadge(status: status.rawValue, label: req.t(status.labelKey))
    }
}
