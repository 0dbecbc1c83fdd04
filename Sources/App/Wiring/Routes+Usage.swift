import Domain
import Vapor

extension Application {
    /// Usage of internet and mail: reports, sources and settings, findings and re-identification, the employee's own view.
    func registerUsageRoutes() {
        let usagePages = UsagePages()
        let usageAdmin = UsageAdminPages()
        let usageSelf = UsageSelfServicePages()
        let findingPages = UsageFindingPages()
        let findingAPI = UsageFindingAPI()
        let settingsAPI = UsageSettingsAPIController()

        // Pages
        on(.GET, .usage, .action(.readUsageReports), use: usagePages.page)
        on(.GET, .usageSources, .action(.manageUsage), use: usageAdmin.sourcesPage)
        on(.GET, .usageSettings, .action(.manageUsage), use: usageAdmin.settings)
        on(.POST, .usageSettings, .action(.manageUsage), use: usageAdmin.saveSettings)
        on(.GET, .usageAbout, .action(.useWorkspace), use: usageSelf.about)
        on(.GET, .usageMine, .action(.useWorkspace), use: usageSelf.mine)
        on(.GET, .usageDPIA, .action(.manageUsage), use: UsageDPIA.page)
        on(.GET, .usageFindings, .action(.readUsageFindings), use: findingPages.list)
        on(.GET, .usageFinding, .action(.readUsageFindings), use: findingPages.detail)
        on(.POST, .usageFindingReidentify, .action(.requestReidentification), use: findingPages.requestReidentification)
        on(.GET, .usageReidentifications, .action(.decideReidentification), use: findingPages.queue)
        on(.POST, .usageReidentificationDecision, .action(.decideReidentification), use: findingPages.decide)
        on(.GET, .usageRules, .action(.manageUsage), use: findingPages.rules)
        on(.POST, .usageRules, .action(.manageUsage), use: findingPages.addRule)
        on(.POST, .usageRuleRemove, .action(.manageUsage), use: findingPages.removeRule)

        // JSON API
        on(.GET, .apiUsageReport, .action(.readUsageReports), doc: UsageAPIDocs.report, use: UsageReportAPIController().report)
        on(.GET, .apiUsageSources, .action(.manageUsage), doc: UsageAPIDocs.sources, use: settingsAPI.sources)
        on(.GET, .apiUsageSettings, .action(.manageUsage), doc: UsageAPIDocs.settings, use: settingsAPI.settings)
        on(.PATCH, .apiUsageSettings, .action(.manageUsage), doc: UsageAPIDocs.updateSettings, use: settingsAPI.updateSettings)
        on(.GET, .apiUsageMine, .action(.useWorkspace), doc: UsageAPIDocs.mine, use: UsageMineAPIController().mine)
        on(.GET, .apiUsageFindings, .action(.readUsageFindings), doc: UsageFindingAPIDocs.findings, use: findingAPI.findings)
        on(.GET, .apiUsageFinding, .action(.readUsageFindings), doc: UsageFindingAPIDocs.finding, use: findingAPI.finding)
        on(
            .POST, .apiUsageFindingReidentifications, .action(.requestReidentification), doc: UsageFindingAPIDocs.request,
            use: findingAPI.request)
        on(.GET, .apiUsageReidentifications, .action(.decideReidentification), doc: UsageFindingAPIDocs.requests, use: findingAPI.requests)
        on(
            .POST, .apiUsageReidentificationDecision, .action(.decideReidentification), doc: UsageFindingAPIDocs.decide,
            use: findingAPI.decide)
        on(.GET, .apiUsageRules, .action(.manageUsage), doc: UsageFindingAPIDocs.rules, use: findingAPI.rules)
        on(.POST, .apiUsageRules, .action(.manageUsage), doc: UsageFindingAPIDocs.addRule, use: findingAPI.addRule)
        on(.DELETE, .apiUsageRule, .action(.manageUsage), doc: UsageFindingAPIDocs.removeRule, use: findingAPI.removeRule)
    }
}
