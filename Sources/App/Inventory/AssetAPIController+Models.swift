import Domain
import Fluent
import Foundation
import Vapor

/// Hardware models in the JSON API.
extension AssetAPIController {
    func listModels(_ req: Request) async throws -> Response {
        let lookups = try await AssetLookups.load(on: req.db)
        let models = lookups.models.values.sorted { lookups.modelName($0.id!) < lookups.modelName($1.id!) }
        return try .json(models.map { AssetModelDTO($0, manufacturer: lookups.manufacturers[$0.manufacturerID] ?? "") })
    }

    func createModel(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(AssetModelBody.self)
        let model = try await service(req).createModel(try body.merged(over: nil, manufacturer: nil, present: present))
        let response = try Response.json(try await modelDTO(model, on: req.db), status: .created, version: model.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiAssetModel.path(model.id!))
        return response
    }

    func getModel(_ req: Request) async throws -> Response {
        guard let model = try await AssetModel.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(try await modelDTO(model, on: req.db), version: model.version)
    }

    func updateModel(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(AssetModelBody.self)
        guard let current = try await AssetModel.find(id, on: req.db) else { throw AppError.notFound }
        let manufacturer = try await Manufacturer.find(current.manufacturerID, on: req.db)?.name
        let model = try await service(req).updateModel(
            id, expectedVersion: version, try body.merged(over: current, manufacturer: manufacturer, present: present))
        return try .json(try await modelDTO(model, on: req.db), version: model.version)
    }

    private func modelDTO(_ model: AssetModel, on db: any Database) async throws -> AssetModelDTO {
        AssetModelDTO(model, manufacturer: try await Manufacturer.find(model.manufacturerID, on: db)?.name ?? "")
    }
}
