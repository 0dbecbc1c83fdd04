import Domain

extension Composition {
    /// The header's groups: the person's own pages first, then each capability, administration last. A role sees a
    /// group only when it may open one of its pages, and only those pages.
    static let navigation: [NavigationGroup] = [
        NavigationGroup(
            "nav.group.mine",
            [
                (.dashboard, "nav.dashboard", .useWorkspace), (.myEquipment, "nav.my_equipment", .useWorkspace),
                (.myTeam, "nav.team", .useWorkspace), (.myAccess, "nav.my_access", .useWorkspace),
                (.myReviews, "nav.my_reviews", .useWorkspace),
                (.usageMine, "nav.my_usage", .useWorkspace), (.myData, "nav.my_data", .useWorkspace),
                (.profile, "nav.profile", .useWorkspace),
            ]),
        NavigationGroup(
            "nav.group.organisation",
            [
                (.employees, "nav.employees", .readPeople), (.orgChart, "nav.org_chart", .readOrganisation),
                (.sites, "nav.sites", .readOrganisation), (.costCentres, "nav.cost_centres", .readOrganisation),
            ],
            figures: [
                .employees: .rows("employees", "area.figure.employees", where: .equals("status", "active")),
                .orgChart: .rows("departments", "area.figure.departments"), .sites: .rows("sites", "area.figure.sites"),
                .costCentres: .rows("cost_centres", "area.figure.cost_centres"),
            ]),
        NavigationGroup(
            "nav.group.people",
            [
                (.applications, "nav.applications", .readApplications), (.accessReviews, "nav.access_reviews", .readApplications),
                (.directory, "nav.directory", .manageApplications),
            ],
            figures: [
                .applications: .rows("company_apps", "area.figure.applications"),
                .accessReviews: .rows("access_reviews", "area.figure.open_reviews", where: .isNull("closed_at")),
                .directory: .rows("directory_accounts", "area.figure.directory_accounts", where: .equals("status", "active")),
            ]),
        NavigationGroup(
            "nav.group.inventory",
            [
                (.hardware, "nav.hardware", .readInventory), (.hardwareForecast, "nav.forecast", .readInventoryReports),
                (.software, "nav.software", .readInventory), (.softwareCompliance, "nav.compliance", .readInventoryReports),
                (.evaluations, "nav.evaluations", .readInventory), (.contracts, "nav.contracts", .readInventory),
                (.deadlines, "nav.deadlines", .readInventory),
            ],
            figures: [
                .hardware: .rows("assets", "area.figure.assets"), .software: .rows("software_products", "area.figure.products"),
                .softwareCompliance: .rows("licences", "area.figure.licences"),
                .evaluations: .rows("evaluations", "area.figure.evaluations"),
                .contracts: .rows("contracts", "area.figure.contracts"),
            ]),
        NavigationGroup(
            "nav.group.network", [(.network, "nav.network", .readInventory), (.networkLookup, "nav.lookup", .readInventory)],
            figures: [
                .network: .rows("ip_prefixes", "area.figure.prefixes"), .networkLookup: .rows("ip_addresses", "area.figure.addresses"),
            ]),
        NavigationGroup(
            "nav.group.monitoring",
            [
                (.checks, "nav.checks", .readMonitoring), (.alerts, "nav.alerts", .readMonitoring),
                (.uptime, "nav.uptime", .readMonitoring),
                (.statusPage, "nav.status", .readMonitoring), (.risks, "nav.risks", .readMonitoring),
                (.tasks, "nav.tasks", .readMonitoring),
                (.maintenanceWindows, "nav.maintenance", .readMonitoring),
            ],
            figures: [
                .checks: .rows("checks", "area.figure.checks", where: .isTrue("enabled")),
                .alerts: .rows("alerts", "area.figure.open_alerts", where: .isNull("closed_at")),
                .tasks: .rows("maintenance_tasks", "area.figure.tasks", where: .isTrue("active")),
                .maintenanceWindows: .rows("maintenance_windows", "area.figure.windows"),
            ]),
        NavigationGroup(
            "nav.group.usage", [(.usage, "nav.usage", .readUsageReports), (.usageFindings, "nav.usage_findings", .readUsageFindings)],
            figures: [.usageFindings: .rows("usage_findings", "area.figure.findings")]),
        NavigationGroup(
            "nav.group.administration",
            [
                (.adminUsers, "nav.users", .readUsers), (.adminRoles, "nav.roles", .readRoles), (.adminAudit, "nav.audit", .readAudit),
                (.adminOrganisation, "nav.organisation", .readOrganisation), (.adminJobs, "nav.jobs", .readJobs),
                (.adminNotifications, "nav.notifications", .manageNotifications),
            ],
            figures: [
                .adminUsers: .rows("users", "area.figure.users", where: .isFalse("disabled")),
                .adminAudit: .rows("audit_entries", "area.figure.audit_entries"), .adminJobs: .rows("jobs", "area.figure.jobs"),
                .adminNotifications: .rows("notification_channels", "area.figure.channels"),
            ]),
    ]
}
