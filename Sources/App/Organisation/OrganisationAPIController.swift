import Domain
import Fluent
import Foundation
import Vapor

/// The organisation's JSON API: sites, cost centres, departments, the org chart, employees, my team, my data.
struct OrganisationAPIController: Sendable {
    func structure(_ req: Request) -> StructureService { StructureService(app: req.application, actor: req.auditActor) }
    func employees(_ req: Request) -> EmployeeService { EmployeeService(app: req.application, actor: req.auditActor) }

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

    func archiveSite(_ req: Request) async throws -> Response {
        let site = try await structure(req).archiveSite(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion())
        return try .json(SiteDTO(site, rooms: try await site.$rooms.get(on: req.db)), version: site.version)
    }

    /// Lists show current records; `?archived=true` shows archived ones too.
    func includeArchived(_ req: Request) -> Bool {
        (try? req.query.get(Bool.self, at: "archived")) ?? false
    }

    func created<T: Encodable>(_ value: T, version: Int, at location: String) throws -> Response {
        let response = try Response.json(value, status: .created, version: version)
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }
}
