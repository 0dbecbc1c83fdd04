import Domain
import Fluent
import Foundation
import Vapor

/// Employees, and what the signed-in person sees of their own: their team, their data.
extension OrganisationAPIController {
    func listEmployees(_ req: Request) async throws -> Response {
        let (employees, total, query, _) = try await EmployeeDirectory.list(req, reading: EmployeeDirectory.Row.self)
        return try .json(Page(items: employees.map(EmployeeDTO.init), total: total, query: query))
    }

    func getEmployee(_ req: Request) async throws -> Response {
        guard let employee = try await Employee.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(EmployeeDTO(employee), version: employee.version)
    }

    func createEmployee(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(EmployeeBody.self)
        let employee = try await employees(req).create(body.merged(over: nil, present: present))
        return try created(EmployeeDTO(employee), version: employee.version, at: Paths.apiEmployee.path(employee.id!))
    }

    func updateEmployee(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(EmployeeBody.self)
        guard let current = try await Employee.find(id, on: req.db) else { throw AppError.notFound }
        let employee = try await employees(req).update(id, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(EmployeeDTO(employee), version: employee.version)
    }

    func archiveEmployee(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(ArchiveBody.self)
        let employee = try await employees(req).archive(id, expectedVersion: version, endDate: body.endDate.flatMap(CalendarDate.init))
        return try .json(EmployeeDTO(employee), version: employee.version)
    }

    // MARK: Self-service

    func myTeam(_ req: Request) async throws -> Response {
        guard let me = try await req.signedInEmployee() else {
            return try .json([EmployeeDTO]())
        }
        return try .json(try await Team.of(me.id!, on: req.db).map { EmployeeDTO($0.employee) })
    }

    func myData(_ req: Request) async throws -> Response {
        let export = try await PersonalDataExport.gather(for: req.principal!.userID, box: req.services.secretBox, on: req.db, now: req.now)
        let response = try Response.json(export)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"quartermaster-my-data.json\"")
        return response
    }
}
