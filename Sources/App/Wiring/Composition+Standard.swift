import Fluent
import Vapor

extension Composition {
    /// What this build's capabilities hand the floor.
    static let standard = Composition(
        migrations: Migrations.all, apiSchemas: apiSchemas, auditSubjects: .all,
        metrics: [
            { req, detailed in
                let monitor = req.services.config.runChecks ? await req.application.monitor.statistics : nil
                return try await CheckMetrics.render(detailed: detailed, now: req.now, monitor: monitor, on: req.db)
            }
        ],
        personalCalendarURL: { userID, req in try await CalendarFeedPages.url(for: userID, req) })

    /// Every documented schema, the floor's and each capability's.
    static let apiSchemas: [String: JSONSchema] = [
        APIDocs.schemas, OrganisationAPIDocs.schemas, IPAMAPIDocs.schemas, AssetAPIDocs.schemas, ContractAPIDocs.schemas,
        SoftwareAPIDocs.schemas, EvaluationAPIDocs.schemas, CablingAPIDocs.schemas, StocktakePages.schemas, NumberingPages.schemas,
        SearchPages.schemas, CustomFieldPages.schemas, NotificationAPIController.schemas, MonitorAPIController.schemas,
        UptimePages.schemas, ["Risk": RiskPages.RiskDTO.schema], MaintenanceTaskAPI.schemas, UsagePages.schemas,
        UsageAdminPages.schemas, ["UsageMine": UsageSelfService.MineDTO.schema], UsageFindingAPI.schemas,
    ].reduce(into: [:]) { all, more in all.merge(more) { first, _ in first } }
}
