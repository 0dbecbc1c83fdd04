import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Employees and departments as files that re-import unchanged: CSV (RFC 4180, UTF-8) or JSON with the same keys.
enum OrganisationExport {
    static func employees(on db: any Database, format: ExportFormat) async throws -> Data {
        let employees = try await Employee.query(on: db).sort(\.$employeeNumber).all()
        let numbers = Dictionary(uniqueKeysWithValues: employees.map { ($0.id!, $0.employeeNumber) })
        let lookups = try await StructureNames.load(on: db)
        let rows = employees.map { e -> [String] in
            [
                e.employeeNumber, e.firstName, e.lastName, e.workEmail ?? "", e.phone ?? "", e.jobTitle ?? "",
                e.departmentID.flatMap { lookups.departments[$0] } ?? "", e.siteID.flatMap { lookups.sites[$0] } ?? "",
                e.managerID.flatMap { numbers[$0] } ?? "", e.startDateText ?? "", e.endDateText ?? "", e.statusRaw,
            ]
        }
        return try ExportFile.encode(header: EmployeeTable.columns, rows: rows, format: format)
    }

    static func departments(on db: any Database, format: ExportFormat) async throws -> Data {
        let departments = try await Department.query(on: db).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: departments.map { ($0.id!, $0.name) })
        let managers = try await Employee.query(on: db).filter(\.$id ~~ departments.compactMap(\.managerID)).all()
        let numbers = Dictionary(uniqueKeysWithValues: managers.map { ($0.id!, $0.employeeNumber) })
        let centres = Dictionary(uniqueKeysWithValues: try await CostCentre.query(on: db).all().map { ($0.id!, $0.code) })
        let lookups = try await StructureNames.load(on: db)
        let rows = departments.map { d -> [String] in
            [
                d.name, d.parentID.flatMap { names[$0] } ?? "", d.managerID.flatMap { numbers[$0] } ?? "",
                d.costCentreID.flatMap { centres[$0] } ?? "",
                d.siteID.flatMap { lookups.sites[$0] } ?? "",
            ]
        }
        return try ExportFile.encode(header: DepartmentImport.columns, rows: rows, format: format)
    }
}
