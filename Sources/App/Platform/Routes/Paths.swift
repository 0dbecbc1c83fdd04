import Domain
import Foundation
import Vapor

/// Every path the application serves. The raw value is the registration pattern; `path(...)` builds a link, so
/// registration and links cannot drift apart (a test checks both directions).
enum Paths: String, CaseIterable, Sendable {
    case root = "/"
    case signIn = "/signin"
    case signOut = "/signout"
    case language = "/language"
    case dashboard = "/dashboard"
    case area = "/areas/:id"
    case profile = "/profile"
    case profileLanguage = "/profile/language"
    case profileDisplay = "/profile/display"
    case listColumns = "/lists/:id/columns"
    case profilePassword = "/profile/password"
    case profileTokens = "/profile/tokens"
    case profileTokenRevoke = "/profile/tokens/:id/revoke"
    case adminUsers = "/admin/users"
    case adminUserNew = "/admin/users/new"
    case adminUser = "/admin/users/:id"
    case adminRoles = "/admin/roles"
    case adminAudit = "/admin/audit"
    case adminOrganisation = "/admin/organisation"
    case adminJobs = "/admin/jobs"
    case adminNotifications = "/admin/notifications"
    case adminNotificationSettings = "/admin/notifications/settings"
    case adminChannelNew = "/admin/notifications/channels/new"
    case adminChannel = "/admin/notifications/channels/:id"
    case adminChannelTest = "/admin/notifications/channels/:id/test"
    case adminOutboxRetry = "/admin/notifications/outbox/:id/retry"
    case apiNotificationSettings = "/api/v1/notification-settings"
    case apiChannels = "/api/v1/notification-channels"
    case apiChannel = "/api/v1/notification-channels/:id"
    case apiChannelTest = "/api/v1/notification-channels/:id/test"
    case apiOutbox = "/api/v1/notifications"
    case apiOutboxRetry = "/api/v1/notifications/:id/retry"
    case checks = "/monitoring/checks"
    case checkNew = "/monitoring/checks/new"
    case check = "/monitoring/checks/:id"
    case checkEdit = "/monitoring/checks/:id/edit"
    case checkRun = "/monitoring/checks/:id/run"
    case checkRemove = "/monitoring/checks/:id/remove"
    case checkToken = "/monitoring/checks/:id/token"
    case alerts = "/monitoring/alerts"
    case alert = "/monitoring/alerts/:id"
    case alertAcknowledge = "/monitoring/alerts/:id/acknowledge"
    case maintenanceWindows = "/monitoring/maintenance"
    case maintenanceWindowRemove = "/monitoring/maintenance/:id/remove"
    case uptime = "/monitoring/uptime"
    case statusPage = "/status"
    case risks = "/monitoring/risks"
    case tasks = "/monitoring/tasks"
    case taskNew = "/monitoring/tasks/new"
    case task = "/monitoring/tasks/:id"
    case taskEdit = "/monitoring/tasks/:id/edit"
    case taskComplete = "/monitoring/tasks/:id/complete"
    case taskRemove = "/monitoring/tasks/:id/remove"
    case calendarFeed = "/calendar/:token"
    case profileCalendar = "/profile/calendar"
    case heartbeat = "/heartbeat/:token"
    case usage = "/usage"
    case usageSources = "/usage/sources"
    case usageSettings = "/usage/settings"
    case usageAbout = "/usage/about"
    case usageMine = "/usage/mine"
    case usageDPIA = "/usage/dpia"
    case usageFindings = "/usage/findings"
    case usageFinding = "/usage/findings/:id"
    case usageFindingReidentify = "/usage/findings/:id/reidentify"
    case usageReidentifications = "/usage/reidentifications"
    case usageReidentificationDecision = "/usage/reidentifications/:id/decision"
    case usageRules = "/usage/rules"
    case usageRuleRemove = "/usage/rules/:id/remove"
    case apiUsageFindings = "/api/v1/usage/findings"
    case apiUsageFinding = "/api/v1/usage/findings/:id"
    case apiUsageFindingReidentifications = "/api/v1/usage/findings/:id/reidentifications"
    case apiUsageReidentifications = "/api/v1/usage/reidentifications"
    case apiUsageReidentificationDecision = "/api/v1/usage/reidentifications/:id/decision"
    case apiUsageRules = "/api/v1/usage/rules"
    case apiUsageRule = "/api/v1/usage/rules/:id"
    case apiUsageReport = "/api/v1/usage/report"
    case apiUsageSources = "/api/v1/usage/sources"
    case apiUsageSettings = "/api/v1/usage/settings"
    case apiUsageMine = "/api/v1/usage/mine"
    case apiChecks = "/api/v1/checks"
    case apiCheck = "/api/v1/checks/:id"
    case apiCheckRun = "/api/v1/checks/:id/run"
    case apiCheckResults = "/api/v1/checks/:id/results"
    case apiAlerts = "/api/v1/alerts"
    case apiAlertAcknowledge = "/api/v1/alerts/:id/acknowledge"
    case apiMaintenanceWindows = "/api/v1/maintenance-windows"
    case apiMaintenanceWindow = "/api/v1/maintenance-windows/:id"
    case apiUptime = "/api/v1/uptime"
    case apiRisks = "/api/v1/risks"
    case apiTasks = "/api/v1/maintenance-tasks"
    case apiTask = "/api/v1/maintenance-tasks/:id"
    case apiTaskCompletions = "/api/v1/maintenance-tasks/:id/completions"
    case employees = "/employees"
    case employeesImport = "/employees/import"
    case employeesExport = "/employees/export"
    case departmentsImport = "/departments/import"
    case departmentsExport = "/departments/export"
    case employeeNew = "/employees/new"
    case employee = "/employees/:id"
    case employeeEdit = "/employees/:id/edit"
    case employeeArchive = "/employees/:id/archive"
    case orgChart = "/organisation-chart"
    case departmentNew = "/departments/new"
    case departments = "/departments"
    case department = "/departments/:id"
    case sites = "/sites"
    case siteNew = "/sites/new"
    case site = "/sites/:id"
    case siteRooms = "/sites/:id/rooms"
    case siteArchive = "/sites/:id/archive"
    case departmentArchive = "/departments/:id/archive"
    case costCentreArchive = "/cost-centres/:id/archive"
    case apiSiteArchive = "/api/v1/sites/:id/archive"
    case apiDepartmentArchive = "/api/v1/departments/:id/archive"
    case apiCostCentreArchive = "/api/v1/cost-centres/:id/archive"
    case costCentres = "/cost-centres"
    case costCentreNew = "/cost-centres/new"
    case costCentre = "/cost-centres/:id"
    case myTeam = "/team"
    case applications = "/applications"
    case applicationNew = "/applications/new"
    case application = "/applications/:id"
    case applicationEdit = "/applications/:id/edit"
    case applicationGrants = "/applications/:id/grants"
    case accessGrantRevoke = "/access-grants/:id/revoke"
    case employeeAccess = "/employees/:id/access"
    case employeeAccessDefaults = "/employees/:id/access/defaults"
    case myAccess = "/me/access"
    case employeeDirectoryAccount = "/employees/:id/directory-account"
    case employeeDirectoryPassword = "/employees/:id/directory-account/password"
    case employeeDirectoryDisable = "/employees/:id/directory-account/disable"
    case accessReviews = "/access-reviews"
    case accessReviewNew = "/access-reviews/new"
    case accessReview = "/access-reviews/:id"
    case accessReviewEvidence = "/access-reviews/:id/evidence.csv"
    case accessReviewDecisions = "/access-reviews/:id/decisions"
    case accessReviewClose = "/access-reviews/:id/close"
    case accessReviewItemRemoved = "/access-review-items/:id/removed"
    case myReviews = "/me/reviews"
    case directory = "/directory"
    case directoryTest = "/directory/test"
    case directoryCheck = "/directory/check"
    case directoryFix = "/directory/fix"
    case directoryOperationRetry = "/directory/operations/:id/retry"
    case myData = "/me/data"
    case healthz = "/healthz"
    case readyz = "/readyz"
    case metrics = "/metrics"
    case apiOpenAPI = "/api/v1/openapi.json"
    case apiMe = "/api/v1/me"
    case apiUsers = "/api/v1/users"
    case apiUser = "/api/v1/users/:id"
    case apiTokens = "/api/v1/tokens"
    case apiToken = "/api/v1/tokens/:id"
    case apiAudit = "/api/v1/audit"
    case apiAuditVerify = "/api/v1/audit/verify"
    case apiOrganisation = "/api/v1/organisation"
    case apiRoles = "/api/v1/roles"
    case apiJobs = "/api/v1/jobs"
    case apiSites = "/api/v1/sites"
    case apiSite = "/api/v1/sites/:id"
    case apiSiteRooms = "/api/v1/sites/:id/rooms"
    case apiCostCentres = "/api/v1/cost-centres"
    case apiCostCentre = "/api/v1/cost-centres/:id"
    case apiDepartments = "/api/v1/departments"
    case apiDepartment = "/api/v1/departments/:id"
    case apiOrgChart = "/api/v1/org-chart"
    case network = "/network"
    case networkPrefix = "/network/prefixes/:id"
    case networkPrefixAddresses = "/network/prefixes/:id/addresses"
    case networkPrefixRemove = "/network/prefixes/:id/remove"
    case networkAddress = "/network/addresses/:id"
    case networkAddressRemove = "/network/addresses/:id/remove"
    case hardware = "/hardware"
    case hardwareNew = "/hardware/new"
    case hardwareBulk = "/hardware/bulk"
    case hardwareAsset = "/hardware/:id"
    case hardwareAssetEdit = "/hardware/:id/edit"
    case hardwareAssetMove = "/hardware/:id/move"
    case hardwareForecast = "/hardware/forecast"
    case hardwareForecastExport = "/hardware/forecast/export"
    case apiAssetForecast = "/api/v1/assets/forecast"
    case hardwareModels = "/hardware/models"
    case hardwareModel = "/hardware/models/:id"
    case vendors = "/vendors"
    case vendor = "/vendors/:id"
    case contracts = "/contracts"
    case contractNew = "/contracts/new"
    case contract = "/contracts/:id"
    case contractEdit = "/contracts/:id/edit"
    case contractDecision = "/contracts/:id/decision"
    case deadlines = "/deadlines"
    case apiVendors = "/api/v1/vendors"
    case apiVendor = "/api/v1/vendors/:id"
    case apiContracts = "/api/v1/contracts"
    case apiContract = "/api/v1/contracts/:id"
    case apiContractDecision = "/api/v1/contracts/:id/decision"
    case apiDeadlines = "/api/v1/deadlines"
    case software = "/software"
    case softwareCompliance = "/software/compliance"
    case softwareComplianceExport = "/software/compliance/export"
    case softwareProduct = "/software/:id"
    case softwareProductEdit = "/software/:id/edit"
    case softwareInstallations = "/software/:id/installations"
    case softwareInstallationRemove = "/software-installations/:id/remove"
    case licences = "/licences"
    case licenceNew = "/licences/new"
    case licence = "/licences/:id"
    case licenceEdit = "/licences/:id/edit"
    case licenceAssignments = "/licences/:id/assignments"
    case licenceAssignmentRemove = "/licence-assignments/:id/remove"
    case licenceReveal = "/licences/:id/reveal"
    case apiSoftwareProducts = "/api/v1/software"
    case apiSoftwareCompliance = "/api/v1/software/compliance"
    case apiSoftwareProduct = "/api/v1/software/:id"
    case apiSoftwareInstallations = "/api/v1/software/:id/installations"
    case apiSoftwareInstallation = "/api/v1/software-installations/:id"
    case apiLicences = "/api/v1/licences"
    case apiLicence = "/api/v1/licences/:id"
    case apiLicenceReveal = "/api/v1/licences/:id/reveal-key"
    case apiLicenceAssignments = "/api/v1/licences/:id/assignments"
    case apiLicenceAssignment = "/api/v1/licence-assignments/:id"
    case evaluations = "/evaluations"
    case evaluation = "/evaluations/:id"
    case evaluationCriteria = "/evaluations/:id/criteria"
    case evaluationCandidates = "/evaluations/:id/candidates"
    case evaluationScores = "/evaluations/:id/scores"
    case evaluationDecision = "/evaluations/:id/decision"
    case evaluationCriterionRemove = "/evaluation-criteria/:id/remove"
    case evaluationCandidateRemove = "/evaluation-candidates/:id/remove"
    case apiEvaluations = "/api/v1/evaluations"
    case apiEvaluation = "/api/v1/evaluations/:id"
    case apiEvaluationCriteria = "/api/v1/evaluations/:id/criteria"
    case apiEvaluationCandidates = "/api/v1/evaluations/:id/candidates"
    case apiEvaluationScores = "/api/v1/evaluations/:id/scores"
    case apiEvaluationDecision = "/api/v1/evaluations/:id/decision"
    case apiEvaluationCriterion = "/api/v1/evaluation-criteria/:id"
    case apiEvaluationCandidate = "/api/v1/evaluation-candidates/:id"
    case networkLookup = "/network/lookup"
    case search = "/search"
    case apiSearch = "/api/v1/search"
    case networkCables = "/network/cables"
    case networkCableRemove = "/network/cables/:id/remove"
    case networkWallPorts = "/network/wall-ports"
    case networkInterface = "/network/interfaces/:id"
    case networkInterfaceCable = "/network/interfaces/:id/cable"
    case networkInterfaceAddress = "/network/interfaces/:id/address"
    case hardwareAssetInterfaces = "/hardware/:id/interfaces"
    case networkRacks = "/network/racks"
    case networkRack = "/network/racks/:id"
    case networkRackPlacements = "/network/racks/:id/placements"
    case networkRackPlacementRemove = "/rack-placements/:id/remove"
    case apiInterfaces = "/api/v1/interfaces"
    case apiInterface = "/api/v1/interfaces/:id"
    case apiInterfaceTrace = "/api/v1/interfaces/:id/trace"
    case apiCables = "/api/v1/cables"
    case apiCable = "/api/v1/cables/:id"
    case apiIPAddressInterface = "/api/v1/ip/addresses/:id/interface"
    case apiNetworkLookup = "/api/v1/network/lookup"
    case apiRacks = "/api/v1/racks"
    case apiRack = "/api/v1/racks/:id"
    case apiRackPlacements = "/api/v1/racks/:id/placements"
    case apiRackPlacement = "/api/v1/rack-placements/:id"
    case hardwareStocktake = "/hardware/stocktake"
    case hardwareImport = "/hardware/import"
    case hardwareFields = "/hardware/fields"
    case hardwareField = "/hardware/fields/:id"
    case hardwareFieldRemove = "/hardware/fields/:id/remove"
    case apiCustomFields = "/api/v1/custom-fields"
    case apiCustomField = "/api/v1/custom-fields/:id"
    case hardwareExport = "/hardware/export"
    case apiAssetsImport = "/api/v1/assets/import"
    case apiAssetsExport = "/api/v1/assets/export"
    case hardwareModelsImport = "/hardware/models/import"
    case hardwareModelsExport = "/hardware/models/export"
    case networkAddressesImport = "/network/addresses/import"
    case networkAddressesExport = "/network/addresses/export"
    case apiAssetModelsImport = "/api/v1/asset-models/import"
    case apiAssetModelsExport = "/api/v1/asset-models/export"
    case apiIPAddressesImport = "/api/v1/ip/addresses/import"
    case apiIPAddressesExport = "/api/v1/ip/addresses/export"
    case licencesImport = "/licences/import"
    case licencesExport = "/licences/export"
    case softwareInstallationsImport = "/software/installations/import"
    case softwareInstallationsExport = "/software/installations/export"
    case apiLicencesImport = "/api/v1/licences/import"
    case apiLicencesExport = "/api/v1/licences/export"
    case apiSoftwareInstallationsImport = "/api/v1/software/installations/import"
    case apiSoftwareInstallationsExport = "/api/v1/software/installations/export"
    case apiAssetSightings = "/api/v1/assets/sightings"
    case apiAssetsUnseen = "/api/v1/assets/unseen"
    case networkNumbering = "/network/numbering"
    case networkNumberingVLANs = "/network/numbering/vlans"
    case networkNumberingPhones = "/network/numbering/phones"
    case apiVLANs = "/api/v1/vlans"
    case apiTelephoneNumbers = "/api/v1/telephone-numbers"
    case myEquipment = "/me/equipment"
    case myEquipmentReceipt = "/me/equipment/:id/receipt"
    case apiAssets = "/api/v1/assets"
    case apiAsset = "/api/v1/assets/:id"
    case apiAssetMoves = "/api/v1/assets/:id/moves"
    case apiAssetHistory = "/api/v1/assets/:id/history"
    case apiAssetModels = "/api/v1/asset-models"
    case apiAssetModel = "/api/v1/asset-models/:id"
    case apiMyAssets = "/api/v1/me/assets"
    case apiMyAssetReceipt = "/api/v1/me/assets/:id/receipt"
    case apiIPPrefixes = "/api/v1/ip/prefixes"
    case apiIPPrefix = "/api/v1/ip/prefixes/:id"
    case apiIPPrefixNextFree = "/api/v1/ip/prefixes/:id/next-free"
    case apiIPAddresses = "/api/v1/ip/addresses"
    case apiIPAddress = "/api/v1/ip/addresses/:id"
    case apiEmployees = "/api/v1/employees"
    case apiEmployee = "/api/v1/employees/:id"
    case apiEmployeeArchive = "/api/v1/employees/:id/archive"
    case apiMyTeam = "/api/v1/me/team"
    case apiEmployeesImport = "/api/v1/employees/import"
    case apiEmployeesExport = "/api/v1/employees/export"
    case apiDepartmentsImport = "/api/v1/departments/import"
    case apiDepartmentsExport = "/api/v1/departments/export"
    case apiMyData = "/api/v1/me/data"
    case apiApplications = "/api/v1/applications"
    case apiApplication = "/api/v1/applications/:id"
    case apiApplicationGrants = "/api/v1/applications/:id/grants"
    case apiAccessGrantRevoke = "/api/v1/access-grants/:id/revoke"
    case apiEmployeeAccess = "/api/v1/employees/:id/access"
    case apiAccessReviews = "/api/v1/access-reviews"
    case apiAccessReview = "/api/v1/access-reviews/:id"
    case apiAccessReviewItems = "/api/v1/access-reviews/:id/items"
    case apiAccessReviewDecisions = "/api/v1/access-reviews/:id/decisions"
    case apiAccessReviewClose = "/api/v1/access-reviews/:id/close"
    case apiDirectorySettings = "/api/v1/directory/settings"
    case apiDirectoryOperations = "/api/v1/directory/operations"
    case apiDirectoryOperationRetry = "/api/v1/directory/operations/:id/retry"
    case apiDirectoryDrift = "/api/v1/directory/drift"
    case apiEmployeeDirectoryAccount = "/api/v1/employees/:id/directory-account"
    case apiEmployeeDirectoryPassword = "/api/v1/employees/:id/directory-account/password"
    case apiEmployeeDirectoryDisable = "/api/v1/employees/:id/directory-account/disable"

    var path: String { rawValue }

    /// The path with its `:id` filled.
    /// Split by hand: Foundation's `replacingOccurrences` costs microseconds a call, and a list page builds 50 links.
    func path(_ id: some CustomStringConvertible) -> String {
        rawValue.split(separator: "/", omittingEmptySubsequences: false).map { $0 == ":id" ? id.description : String($0) }
            .joined(separator: "/")
    }

    var components: [PathComponent] {
        rawValue == "/" ? [] : rawValue.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}

/// Who may call a route. Declared where the route is registered; enforced by `RequireAction`.
enum Access: Sendable, Equatable {
    /// Reachable without signing in (sign-in page, health, assets, the OpenAPI document).
    case `public`
    case action(Domain.Action)
}

/// What the OpenAPI document says about an API route.
struct APIDoc: Sendable {
    var summary: String
    var query: [QueryParameter] = []
    var requestBody: JSONSchema? = nil
    var response: JSONSchema? = nil
    var successStatus: Int = 200
    var conditional = false
    /// When the route can find the record in a state that refuses the request (409), what that state is.
    var conflict: String? = nil
    /// When the route talks to another server (a directory) on the caller's behalf and passes on its failure (502).
    var remote: String? = nil

    struct QueryParameter: Sendable {
        let name: String
        let schema: JSONSchema
        let description: String
    }
}

enum RouteInfoKey {
    static let access = "qm.access"
    static let doc = "qm.doc"
    static let bodyLimit = "qm.bodyLimit"
}

extension RoutesBuilder {
    /// Registers a route with its access rule (and, for the API, its documentation).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: Paths, _ access: Access, doc: APIDoc? = nil, body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        var builder: any RoutesBuilder =
            switch access {
            case .public: self
            case .action(let action): self.grouped(RequireAction(action: action))
            }
        // A page's remove button asks before it removes (the API's DELETE does not: a client means what it sends).
        if method == .POST, path.rawValue.hasSuffix("/remove") { builder = builder.grouped(ConfirmRemoval()) }
        let route = builder.on(method, path.components, body: body, use: handler)
        route.userInfo[RouteInfoKey.access] = access
        if let doc { route.userInfo[RouteInfoKey.doc] = doc }
        if case .collect(let limit?) = body { route.userInfo[RouteInfoKey.bodyLimit] = limit }
        return route
    }
}

extension Route {
    var access: Access? { userInfo[RouteInfoKey.access] as? Access }
    var apiDoc: APIDoc? { userInfo[RouteInfoKey.doc] as? APIDoc }
    /// The largest body the route collects, when it differs from the application's default.
    var bodyLimit: ByteCount? { userInfo[RouteInfoKey.bodyLimit] as? ByteCount }
}

extension Request {
    func requireID() throws -> UUID {
        guard let raw = parameters.get("id"), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }
}
