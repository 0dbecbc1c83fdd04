import Domain

extension Composition {
    /// The header's groups: the person's own pages first, then each capability, administration last. A role sees a
    /// group only when it may open one of its pages, and only those pages.
    static let navigation: [NavigationGroup] = [
        NavigationGroup(
            "nav.group.mine",
            [
                (.dashboard, "nav.dashboard", .useWorkspace), (.myEquipment, "nav.my_equipment", .useWorkspace),
                (.myTeam, "nav.team", .useWorkspace), (.usageMine, "nav.my_usage", .useWorkspace), (.myData, "nav.my_data", .useWorkspace),
                (.profile, "nav.profile", .useWorkspace),
            ]),
        NavigationGroup(
            "nav.group.organisation",
            [
                (.employees, "nav.employees", .readPeople), (.orgChart, "nav.org_chart", .readOrganisation),
                (.sites, "nav.sites", .readOrganisation), (.costCentres, "nav.cost_centres", .readOrganisation),
            ]),
        NavigationGroup(
            "nav.group.inventory",
            [
                (.hardware, "nav.hardware", .readInventory), (.hardwareForecast, "nav.forecast", .readInventoryReports),
                (.software, "nav.software", .readInventory), (.softwareCompliance, "nav.compliance", .readInventoryReports),
                (.evaluations, "nav.evaluations", .readInventory), (.contracts, "nav.contracts", .readInventory),
                (.deadlines, "nav.deadlines", .readInventory),
            ]),
        NavigationGroup(
            "nav.group.network", [(.network, "nav.network", .readInventory), (.networkLookup, "nav.lookup", .readInventory)]),
        NavigationGroup(
            "nav.group.monitoring",
            [
                (.checks, "nav.checks", .readMonitoring), (.alerts, "nav.alerts", .readMonitoring),
                (.uptime, "nav.uptime", .readMonitoring),
                (.statusPage, "nav.status", .readMonitoring), (.risks, "nav.risks", .readMonitoring),
                (.tasks, "nav.tasks", .readMonitoring),
                (.maintenanceWindows, "nav.maintenance", .readMonitoring),
            ]),
        NavigationGroup(
            "nav.group.usage", [(.usage, "nav.usage", .readUsageReports), (.usageFindings, "nav.usage_findings", .readUsageFindings)]),
        NavigationGroup(
            "nav.group.administration",
            [
                (.adminUsers, "nav.users", .readUsers), (.adminRoles, "nav.roles", .readRoles), (.adminAudit, "nav.audit", .readAudit),
                (.adminOrganisation, "nav.organisation", .readOrganisation), (.adminJobs, "nav.jobs", .readJobs),
                (.adminNotifications, "nav.notifications", .manageNotifications),
            ]),
    ]
}
