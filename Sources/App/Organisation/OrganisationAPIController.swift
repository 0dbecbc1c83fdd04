import Domain
import Fluent
import Foundation
import Vapor

/// The organisation's JSON API: sites, cost centres, departments, the org chart, employees, my team, my data.
struct OrganisationAPIController: Sendable {
    private func structure(_ req: Request) -> StructureService { StructureService(app: req.application, actor: req.auditActor) }
    private func employees(_ req: Request) -> EmployeeService { EmployeeService(app: req.application, actor: req.auditActor) }

    // MARK: Sites

    func listSites(_ req: Request) async throws -> Response {
        var query = Site.query(on: req.db).with(\.$rooms).sort(\.$name)
        if !includeArchived(req) { query = query.filter(\.$archivedAt == nil) }
        let sites = try await query.all()
        return try .json(sites.map { SiteDTO($0, rooms: $0.rooms) })
    }

    func getSite(_ req: Request) async throws -> Response {
        guard let site = try await Site.query(on: req.db).filter(\.$id == req.requireID()).with(\.$rooms).first() else {
            throw AppError.notFound
        }
        return try .json(SiteDTO(site, rooms: site.rooms), version: site.version)
    }

    func createSite(_ req: Request) async throws -> Response {
        let site = try await structure(req).createSite(try req.decodeStrict(SiteBody.self).input)
        return try created(SiteDTO(site, rooms: []), version: site.version, at: Paths.apiSite.path(site.id!))
    }

    func updateSite(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let site = try await structure(req).updateSite(id, expectedVersion: version, try req.decodeStrict(SiteBody.self).input)
        return try .json(SiteDTO(site, rooms: try await site.$rooms.get(on: req.db)), version: site.version)
    }

    func addRoom(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(RoomBody.self)
        let room = try await structure(req).addRoom(siteID: try req.requireID(), name: body.name, floor: body.floor)
        return try .json(RoomDTO(id: room.id!, name: room.name, floor: room.floor), status: .created)
    }

    // MARK: Cost centres

    func listCostCentres(_ req: Request) async throws -> Response {
        var query = CostCentre.query(on: req.db).sort(\.$code)
        if !includeArchived(req) { query = query.filter(\.$archivedAt == nil) }
        return try .json(try await query.all().map(CostCentreDTO.init))
    }

    func getCostCentre(_ req: Request) async throws -> Response {
        guard let centre = try await CostCentre.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(CostCentreDTO(centre), version: centre.version)
    }

    func createCostCentre(_ req: Request) async throws -> Response {
        let centre = try await structure(req).createCostCentre(try req.decodeStrict(CostCentreBody.self).input)
        return try created(CostCentreDTO(centre), version: centre.version, at: Paths.apiCostCentre.path(centre.id!))
    }

    func updateCostCentre(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let centre = try await structure(req).updateCostCentre(
            id, expectedVersion: version, try req.decodeStrict(CostCentreBody.self).input)
        return try .json(CostCentreDTO(centre), version: centre.version)
    }

    // MARK: Departments

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

    func archiveSite(_ req: Request) async throws -> Response {
        let site = try await structure(req).archiveSite(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion())
        return try .json(SiteDTO(site, rooms: try await site.$rooms.get(on: req.db)), version: site.version)
    }

    func archiveDepartment(_ req: Request) async throws -> Response {
        let department = try await structure(req).archiveDepartment(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion())
        return try .json(DepartmentDTO(department), version: department.version)
    }

    func archiveCostCentre(_ req: Request) async throws -> Response {
        let centre = try await structure(req).archiveCostCentre(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion())
        return try .json(CostCentreDTO(centre), version: centre.version)
    }

    /// Lists show current records; `?archived=true` shows archived ones too.
    private func includeArchived(_ req: Request) -> Bool {
        (try? req.query.get(Bool.self, at: "archived")) ?? false
    }

    func orgChart(_ req: Request) async throws -> Response {
        try .json(try await OrgChart.build(on: req.db))
    }

    // MARK: Employees

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

    private func created<T: Encodable>(_ value: T, version: Int, at location: String) throws -> Response {
        let response = try Response.json(value, status: .created, version: version)
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }
}
