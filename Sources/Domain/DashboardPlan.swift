/// What a role's home page answers first: "what needs me today". Each role reads its panels in this order; a panel
/// shows only when the role may also perform the panel's action, so a changed permission table never leaks a panel.
public enum DashboardPanel: String, CaseIterable, Sendable {
    /// The devices the reader holds and which of them wait for a confirmation of receipt.
    case myEquipment = "my_equipment"
    /// The reader's own data: the Art. 15 copy, their usage figures, re-identifications that concern them.
    case myData = "my_data"
    /// Maintenance tasks assigned to the reader that are due or overdue.
    case myTasks = "my_tasks"
    /// Checks whose state is not OK, worst first.
    case problemChecks = "problem_checks"
    /// Alerts still open, unacknowledged first.
    case alerts
    /// Everybody's overdue and due maintenance.
    case maintenance
    /// Notice deadlines, contract and warranty ends in the next 30 days.
    case deadlines
    /// Software products with fewer licences than installations.
    case licences
    /// What will fail: forecasts and inventory dates.
    case risks
    /// Availability and alerts per week as small charts, for those who report upwards.
    case trends
    /// Re-identification requests waiting for a people officer's decision.
    case reidentifications
    /// Accounts, sign-ins, failed sign-ins and failing background jobs.
    case accounts
    /// The last entries of the audit trail.
    case recentActivity = "recent_activity"

    /// The catalogue keys of the panel's heading and of what it says when it has nothing to show.
    public var titleKey: String { "dashboard.panel.\(rawValue)" }
    public var emptyKey: String { "dashboard.empty.\(rawValue)" }

    /// The action a role needs for the panel, on top of being in the role's plan.
    public var action: Action {
        switch self {
        case .myEquipment, .myData, .myTasks: .useWorkspace
        case .problemChecks, .alerts, .maintenance, .risks, .trends: .readMonitoring
        case .deadlines: .readInventory
        case .licences: .readInventoryReports
        case .reidentifications: .decideReidentification
        case .accounts: .readUsers
        case .recentActivity: .readAudit
        }
    }

    /// A panel about the reader's own things that stays away when it has nothing to show, unless it leads the page: an
    /// administrator without equipment needs no "you hold no equipment"; an employee does.
    public var quietWhenEmpty: Bool { [.myEquipment, .myTasks, .recentActivity].contains(self) }

    /// The panels of a role's home page, most pressing first.
    public static func plan(for role: Role) -> [DashboardPanel] {
        switch role {
        case .administrator:
            [.alerts, .problemChecks, .myTasks, .maintenance, .deadlines, .licences, .risks, .accounts, .recentActivity, .myEquipment]
        case .itManager: [.alerts, .problemChecks, .myTasks, .maintenance, .deadlines, .licences, .risks, .myEquipment]
        case .technician: [.myTasks, .problemChecks, .alerts, .risks, .myEquipment]
        case .seniorITManager: [.trends, .alerts, .deadlines, .licences, .maintenance, .risks, .myEquipment]
        case .executive: [.trends, .licences, .risks, .myEquipment, .myData]
        case .peopleOfficer: [.reidentifications, .accounts, .recentActivity, .myEquipment, .myData]
        case .employee: [.myEquipment, .myData]
        }
    }

    /// The plan less what the permission table does not let the role do.
    public static func panels(for role: Role, in permissions: PermissionTable) -> [DashboardPanel] {
        plan(for: role).filter { permissions.allows(role, $0.action) }
    }
}
