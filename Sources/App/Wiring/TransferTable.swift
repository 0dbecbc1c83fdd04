import Domain
import Fluent
import Foundation
import Vapor

/// Every table that is imported and exported as a file.
enum TransferTable: String, CaseIterable, TransferableTable {
    case employees, departments, assets, models, addresses, licences, installations

    var name: String { rawValue }

    func run(_ data: [UInt8], commit: Bool, mode: ImportMode, app: Application, actor: AuditActor, language: Language) async throws
        -> ImportReport
    {
        switch self {
        case .employees: return try await EmployeeImport(app: app, actor: actor).run(data, commit: commit, language: language)
        case .departments: return try await DepartmentImport(app: app, actor: actor).run(data, commit: commit, language: language)
        case .assets: return try await AssetImport(app: app, actor: actor).run(data, commit: commit, mode: mode, language: language)
        case .models: return try await ModelImport(app: app, actor: actor).run(data, commit: commit, mode: mode, language: language)
        case .addresses:
            return try await AddressImport(app: app, actor: actor).run(data, commit: commit, mode: mode, language: language)
        case .licences: return try await LicenceImport(app: app, actor: actor).run(data, commit: commit, mode: mode, language: language)
        case .installations:
            return try await InstallationImport(app: app, actor: actor).run(data, commit: commit, mode: mode, language: language)
        }
    }

    func export(on db: any Database, format: ExportFormat) async throws -> Data {
        switch self {
        case .employees: try await OrganisationExport.employees(on: db, format: format)
        case .departments: try await OrganisationExport.departments(on: db, format: format)
        case .assets: try await AssetTable.export(on: db, format: format)
        case .models: try await ModelTable.export(on: db, format: format)
        case .addresses: try await AddressTable.export(on: db, format: format)
        case .licences: try await LicenceTable.export(on: db, format: format)
        case .installations: try await InstallationTable.export(on: db, format: format)
        }
    }

    var columns: [String] {
        switch self {
        case .employees: EmployeeTable.columns
        case .departments: DepartmentImport.columns
        case .assets: AssetTable.columns
        case .models: ModelTable.columns
        case .addresses: AddressTable.columns
        case .licences: LicenceTable.columns + LicenceTable.importOnly
        case .installations: InstallationTable.columns
        }
    }

    var offersValidRowsOnly: Bool { self != .employees && self != .departments }

    var importPath: Paths {
        switch self {
        case .employees: .employeesImport
        case .departments: .departmentsImport
        case .assets: .hardwareImport
        case .models: .hardwareModelsImport
        case .addresses: .networkAddressesImport
        case .licences: .licencesImport
        case .installations: .softwareInstallationsImport
        }
    }

    var exportPath: Paths {
        switch self {
        case .employees: .employeesExport
        case .departments: .departmentsExport
        case .assets: .hardwareExport
        case .models: .hardwareModelsExport
        case .addresses: .networkAddressesExport
        case .licences: .licencesExport
        case .installations: .softwareInstallationsExport
        }
    }
}
