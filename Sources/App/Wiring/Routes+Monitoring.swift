import Domain
import Vapor

extension Application {
    /// Monitoring and maintenance: checks, alerts, maintenance windows, uptime, the status page, risks, preventive tasks.
    func registerMonitoringRoutes() {
        let monitorPages = MonitorPages()
        let taskPages = MaintenanceTaskPages()
        let monitorAPI = MonitorAPIController()
        let monitorDocs = MonitorAPIController.docs
        let taskAPI = MaintenanceTaskAPI()

        // Pages
        on(.GET, .heartbeat, .public, use: MonitorAPIController().heartbeat)
        on(.POST, .heartbeat, .public, use: MonitorAPIController().heartbeat)
        on(.GET, .calendarFeed, .public, use: CalendarFeedPages().feed)
        on(.GET, .statusPage, .public, use: StatusPages().page)
        on(.GET, .checks, .action(.readMonitoring), use: monitorPages.list)
        on(.POST, .checks, .action(.manageMonitoring), use: monitorPages.save)
        on(.GET, .checkNew, .action(.manageMonitoring), use: monitorPages.new)
        on(.GET, .check, .action(.readMonitoring), use: monitorPages.detail)
        on(.POST, .check, .action(.manageMonitoring), use: monitorPages.save)
        on(.GET, .checkEdit, .action(.manageMonitoring), use: monitorPages.edit)
        on(.POST, .checkRun, .action(.manageMonitoring), use: monitorPages.run)
        on(.POST, .checkRemove, .action(.manageMonitoring), use: monitorPages.remove)
        on(.POST, .checkToken, .action(.manageMonitoring), use: monitorPages.renewToken)
        on(.GET, .alerts, .action(.readMonitoring), use: monitorPages.alerts)
        on(.GET, .alert, .action(.readMonitoring), use: monitorPages.alert)
        on(.POST, .alertAcknowledge, .action(.acknowledgeAlerts), use: monitorPages.acknowledge)
        on(.GET, .maintenanceWindows, .action(.readMonitoring), use: monitorPages.windows)
        on(.POST, .maintenanceWindows, .action(.manageMonitoring), use: monitorPages.createWindow)
        on(.POST, .maintenanceWindowRemove, .action(.manageMonitoring), use: monitorPages.removeWindow)
        on(.GET, .uptime, .action(.readMonitoring), use: UptimePages().page)
        on(.POST, .statusPage, .action(.manageMonitoring), use: StatusPages().save)
        on(.GET, .risks, .action(.readMonitoring), use: RiskPages().page)
        on(.GET, .tasks, .action(.readMonitoring), use: taskPages.list)
        on(.POST, .tasks, .action(.manageMonitoring), use: taskPages.save)
        on(.GET, .taskNew, .action(.manageMonitoring), use: taskPages.new)
        on(.GET, .task, .action(.readMonitoring), use: taskPages.detail)
        on(.POST, .task, .action(.manageMonitoring), use: taskPages.save)
        on(.GET, .taskEdit, .action(.manageMonitoring), use: taskPages.edit)
        on(.POST, .taskComplete, .action(.manageMonitoring), use: taskPages.complete)
        on(.POST, .taskRemove, .action(.manageMonitoring), use: taskPages.remove)
        on(.POST, .profileCalendar, .action(.useWorkspace), use: CalendarFeedPages().renew)

        // JSON API
        on(.GET, .apiChecks, .action(.readMonitoring), doc: monitorDocs.list, use: monitorAPI.list)
        on(.POST, .apiChecks, .action(.manageMonitoring), doc: monitorDocs.create, use: monitorAPI.create)
        on(.GET, .apiCheck, .action(.readMonitoring), doc: monitorDocs.get, use: monitorAPI.get)
        on(.PATCH, .apiCheck, .action(.manageMonitoring), doc: monitorDocs.update, use: monitorAPI.update)
        on(.DELETE, .apiCheck, .action(.manageMonitoring), doc: monitorDocs.delete, use: monitorAPI.delete)
        on(.POST, .apiCheckRun, .action(.manageMonitoring), doc: monitorDocs.run, use: monitorAPI.run)
        on(.GET, .apiCheckResults, .action(.readMonitoring), doc: monitorDocs.results, use: monitorAPI.results)
        on(.GET, .apiAlerts, .action(.readMonitoring), doc: monitorDocs.alerts, use: monitorAPI.alerts)
        on(.POST, .apiAlertAcknowledge, .action(.acknowledgeAlerts), doc: monitorDocs.acknowledge, use: monitorAPI.acknowledge)
        on(.GET, .apiMaintenanceWindows, .action(.readMonitoring), doc: monitorDocs.windows, use: monitorAPI.windows)
        on(.POST, .apiMaintenanceWindows, .action(.manageMonitoring), doc: monitorDocs.createWindow, use: monitorAPI.createWindow)
        on(.DELETE, .apiMaintenanceWindow, .action(.manageMonitoring), doc: monitorDocs.deleteWindow, use: monitorAPI.deleteWindow)
        on(.GET, .apiUptime, .action(.readMonitoring), doc: UptimePages.doc, use: UptimePages().api)
        on(.GET, .apiRisks, .action(.readMonitoring), doc: RiskPages.doc, use: RiskPages().api)
        on(.GET, .apiTasks, .action(.readMonitoring), doc: MaintenanceTaskAPI.docs.list, use: taskAPI.list)
        on(.POST, .apiTasks, .action(.manageMonitoring), doc: MaintenanceTaskAPI.docs.create, use: taskAPI.create)
        on(.GET, .apiTask, .action(.readMonitoring), doc: MaintenanceTaskAPI.docs.get, use: taskAPI.get)
        on(.PATCH, .apiTask, .action(.manageMonitoring), doc: MaintenanceTaskAPI.docs.update, use: taskAPI.update)
        on(.DELETE, .apiTask, .action(.manageMonitoring), doc: MaintenanceTaskAPI.docs.delete, use: taskAPI.delete)
        on(.GET, .apiTaskCompletions, .action(.readMonitoring), doc: MaintenanceTaskAPI.docs.completions, use: taskAPI.completions)
        on(.POST, .apiTaskCompletions, .action(.manageMonitoring), doc: MaintenanceTaskAPI.docs.complete, use: taskAPI.complete)
    }
}
