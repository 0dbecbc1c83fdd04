import Fluent
import Foundation
import SQLKit

/// Every migration, in order. Never edit one that has landed; add a new one.
enum Migrations {
    static let all: [any AsyncMigration] = [
        CreateUsers(),
        CreateSessions(),
        CreateAPITokens(),
        CreateLoginAttempts(),
        CreateAuditTrail(),
        CreateOrganisation(),
        CreateJobs(),
        AddOrganisationFinance(),
        CreateSites(),
        CreateCostCentresAndDepartments(),
        CreateEmployees(),
        AddEmployeeDirectoryIndexes(),
        AddEmployeeNameSearch(),
        AddStructureArchiving(),
        AddEmployeeCounts(),
        CreateIPAM(),
        CreateAssets(),
        CreateContracts(),
        CreateSoftware(),
        CreateEvaluations(),
        CreateCabling(),
        AddAssetSightings(),
        CreateNumbering(),
        AddInventorySearch(),
        AddCustomFields(),
        AddAssetListIndexes(),
        AddNotifications(),
        AddPrefixVLANs(),
        AddAssetEventImportMark(),
        AddOutboxErrorCodes(),
        CreateMonitoring(),
        CreatePreventiveMaintenance(),
        AddStatusPage(),
        AddForecasts(),
        AddCheckListIndexes(),
        CreateUsage(),
        CreateUsageCategories(),
        CreateUsageFindings(),
        AddAuditHeadSeal(),
        AddUserPreferences(),
    ]
}
