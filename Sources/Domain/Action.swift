/// Everything a route can require. Each registered route declares exactly one action (or is public),
/// and `PermissionTable` says which roles may perform it.
public enum Action: String, CaseIterable, Codable, Sendable, Hashable {
    /// See the dashboard and one's own profile; change one's own language and password.
    case useWorkspace = "workspace.use"
    /// Create, list and revoke one's own API tokens.
    case manageOwnTokens = "tokens.manage_own"
    /// List and read user accounts.
    case readUsers = "users.read"
    /// Create, change, disable user accounts and assign roles.
    case manageUsers = "users.manage"
    /// Browse and filter the audit trail.
    case readAudit = "audit.read"
    /// Read the organisation settings.
    case readOrganisation = "organisation.read"
    /// Change the organisation settings.
    case manageOrganisation = "organisation.manage"
    /// Read the role and permission table.
    case readRoles = "roles.read"
    /// See background jobs and their state.
    case readJobs = "jobs.read"
    /// Read the employee directory and the department records.
    case readPeople = "people.read"
    /// Create, change and archive employee records.
    case managePeople = "people.manage"
    /// Create and change sites, rooms, cost centres and departments.
    case manageStructure = "structure.manage"
    /// Read the network and inventory records: prefixes, addresses.
    case readInventory = "inventory.read"
    /// Create and change network and inventory records.
    case manageInventory = "inventory.manage"
    /// Read the inventory's reports (the refresh forecast, licence compliance), as executives do for budgets.
    case readInventoryReports = "inventory.reports"
    /// Set up the mail server and the notification channels, see the outbox and retry failed messages.
    case manageNotifications = "notifications.manage"
    /// See licence keys in clear; every reveal is audited.
    case revealLicenceKeys = "inventory.licence_keys"
    /// See checks, their states and history, alerts and maintenance windows.
    case readMonitoring = "monitoring.read"
    /// Create, change and remove checks and maintenance windows; run a check now.
    case manageMonitoring = "monitoring.manage"
    /// Acknowledge an open alert: take it on, so its notices stop until it recovers.
    case acknowledgeAlerts = "monitoring.acknowledge"
    /// Read the usage reports of internet and mail: organisation, site and department level, never a person.
    case readUsageReports = "usage.reports"
    /// Choose what usage is collected and how long it is kept, the acceptable-use rules, and see the log sources.
    case manageUsage = "usage.manage"
    /// See the findings of the acceptable-use rules: pseudonyms, never names.
    case readUsageFindings = "usage.findings"
    /// Ask, with a reason, who is behind one finding.
    case requestReidentification = "usage.reidentify"
    /// Approve or reject another person's request to re-identify a finding (the second pair of eyes).
    case decideReidentification = "usage.reidentify.decide"
    /// Read the applications catalogue and who has access to which application.
    case readApplications = "applications.read"
    /// Record and change applications; give and take away access.
    case manageApplications = "applications.manage"

    /// The catalogue key describing the action on the roles page.
    public var labelKey: String { "action.\(rawValue)" }
}
