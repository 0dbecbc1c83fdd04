import Domain
import Fluent
import Foundation
import Vapor

/// Departments and the org chart.
extension OrganisationAPIController {
    func listDepartments(_ req: Request) async throws -> Response {
        var query = Department.query(on: req.db).sort(\.$name)
        if !includeArchived(req) { query = query.filter(\.$archivedAt == nil) }
        return try .json(try await query.all().map(DepartmentDTO.init))
    }

    func getDepartment(_ req: Request) async throws -> Response {
        guard let department = try await Department.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(DepartmentDTO(department), version: department.version)
    }

    func createDepartment(_ req: Request) async throws -> Response {
        let department = try await structure(req).createDepartment(try req.decodeStrict(DepartmentBody.self).input)
        return try created(DepartmentDTO(department), version: department.version, at: Paths.apiDepartment.path(department.id!))
    }

    func updateDepartment(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let department = try await structure(req).updateDepartment(
            id, expectedVersion: version, try req.decodeStrict(DepartmentBody.self).input)
        return try .json(DepartmentDTO(department), version: department.version)
    }

    func archiveDepartment(_ req: Request) async throws -> Response {
        let department = try await structure(req).archiveDepartment(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion())
        return try .json(DepartmentDTO(department), version: department.version)
    }

    func orgChart(_ req: Request) async throws -> Response {
        try .json(try await OrgChart.build(on: req.db))
    }
}
