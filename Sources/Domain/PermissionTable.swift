/// The single place that says which role may do what. Routes declare an `Action`; this table decides.
public struct PermissionTable: Sendable {
    public let grants: [Role: Set<Action>]

    public init(grants: [Role: Set<Action>]) {
        self.grants = grants
    }

    public func allows(_ role: Role, _ action: Action) -> Bool {
        grants[role]?.contains(action) ?? false
    }

    public func roles(allowedTo action: Action) -> [Role] {
        Role.allCases.filter { allows($0, action) }
    }

    /// Quartermaster's standard table. Administrators may do everything; the audit trail is for administrators
    /// and the people/data-protection officer, who by DESIGN.md "sees the audit trail".
    public static let standard: PermissionTable = {
        // Employees see their own record and their team through the workspace, not the whole directory.
        let everyone: Set<Action> = [.useWorkspace, .manageOwnTokens, .readOrganisation]
        let itLead: Set<Action> = [
            .readUsers, .readRoles, .readJobs, .readPeople, .managePeople, .manageStructure, .readInventory, .manageInventory,
            .readInventoryReports, .revealLicenceKeys, .manageNotifications, .readMonitoring, .manageMonitoring, .acknowledgeAlerts,
            .readUsageReports, .manageUsage, .readUsageFindings, .requestReidentification, .readApplications, .manageApplications,
        ]
        return PermissionTable(grants: [
            .administrator: Set(Action.allCases),
            .itManager: everyone.union(itLead),
            .seniorITManager: everyone.union(itLead),
            // Technicians keep the inventory and the network records, and install software with its keys.
            // They also keep the checks running and answer their alerts.
            .technician: everyone.union([
                .readPeople, .readApplications, .readInventory, .manageInventory, .readInventoryReports, .revealLicenceKeys,
                .readMonitoring,
                .manageMonitoring,
                .acknowledgeAlerts,
            ]),
            // Executives read the reports that feed budgets, not the records behind them, and see how the services run.
            .executive: everyone.union([.readPeople, .readInventoryReports, .readMonitoring, .readUsageReports]),
            // The data-protection officer reads the usage reports and may switch collection off or shorten retention.
            .peopleOfficer: everyone.union([
                .readUsers, .readAudit, .readRoles, .readPeople, .managePeople, .readApplications, .readUsageReports, .manageUsage,
                .readUsageFindings,
                .decideReidentification,
            ]),
            .employee: everyone,
        ])
    }()
}
