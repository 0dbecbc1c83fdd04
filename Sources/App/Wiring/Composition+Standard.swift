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
        navigation: navigation,
        listColumns: [
            AssetPages.columns.list: (AssetPages.columns, .hardware), EmployeePages.columns.list: (EmployeePages.columns, .employees),
        ],
        personalCalendarURL: { userID, req in try await CalendarFeedPages.url(for: userID, req) })

    /// Every documented schema, the floor's and each capability's.
    static let apiSchemas: [String: JSONSchema] = [
        APIDocs.schemas, OrganisationAPIDocs.schemas, IPAMAPIDocs.schemas, AssetAPIDocs.schemas, ContractAPIDocs.schemas,
        SoftwareAPIDocs.schemas, EvaluationAPIDocs.schemas, CablingAPIDocs.schemas, StocktakeAPIDocs.schemas, NumberingAPIDocs.schemas,
        SearchAPIDocs.schemas, CustomFieldAPIDocs.schemas, RefreshForecastAPIDocs.schemas, NotificationAPIDocs.schemas,
        MonitorAPIDocs.schemas, UptimeAPIDocs.schemas, RiskAPIDocs.schemas, MaintenanceTaskAPIDocs.schemas, UsageAPIDocs.schemas,
        UsageFindingAPIDocs.schemas, AppCatalogueAPIDocs.schemas, DirectoryAPIDocs.schemas, AccessReviewAPIDocs.schemas,
    ].reduce(into: [:]) { all, more in all.merge(more) { first, _ in first } }
}
