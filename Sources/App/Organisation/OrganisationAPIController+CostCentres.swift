import Domain
import Fluent
import Foundation
import Vapor

extension OrganisationAPIController {
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

    func archiveCostCentre(_ req: Request) async throws -> Response {
        let centre = try await structure(req).archiveCostCentre(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion())
        return try .json(CostCentreDTO(centre), version: centre.version)
    }
}
