import Domain
import Fluent
import Foundation
import Vapor

/// The hardware part of the JSON API.
struct AssetAPIController: Sendable {
    func service(_ req: Request) -> AssetService { AssetService(app: req.application, actor: req.auditActor) }

    func listAssets(_ req: Request) async throws -> Response {
        let (assets, total, query, _) = try await AssetDirectory.list(req)
        // Only the page's models: decoding every model through Fluent on each request was a tenth of the list's time.
        let lookups = try await AssetLookups.load(models: Set(assets.map(\.modelID)), on: req.db)
        return try .json(Page(items: assets.map { AssetDTO($0, model: lookups.modelName($0.modelID)) }, total: total, query: query))
    }

    func createAsset(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(AssetBody.self)
        // An unknown status was refused with the body (`AssetBody.validate`).
        let status = body.status.flatMap(AssetStatus.init(rawValue:)) ?? .inStock
        let asset = try await service(req).create(try body.merged(over: nil, present: present), status: status)
        let response = try Response.json(try await assetDTO(asset, on: req.db), status: .created, version: asset.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiAsset.path(asset.id!))
        return response
    }

    func getAsset(_ req: Request) async throws -> Response {
        let asset = try await assetRecord(req)
        return try .json(try await assetDTO(asset, on: req.db), version: asset.version)
    }

    func updateAsset(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(AssetBody.self)
        guard !present.contains("status") else { throw AppError.invalid(ValidationFailure([FieldError(field: "status", code: .invalid)])) }
        guard let current = try await Asset.find(id, on: req.db) else { throw AppError.notFound }
        let asset = try await service(req).update(id, expectedVersion: version, try body.merged(over: current, present: present))
        return try .json(try await assetDTO(asset, on: req.db), version: asset.version)
    }

    func moveAsset(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let asset = try await service(req).move(id, expectedVersion: version, try req.decodeStrict(AssetMoveBody.self).input)
        return try .json(try await assetDTO(asset, on: req.db), version: asset.version)
    }

    func history(_ req: Request) async throws -> Response {
        let asset = try await assetRecord(req)
        return try .json(try await AssetService.history(of: asset.id!, on: req.db).map(AssetEventDTO.init))
    }

    /// The signed-in person's own equipment: what they hold, as their employee record.
    func myAssets(_ req: Request) async throws -> Response {
        guard let employee = try await req.signedInEmployee() else {
            return try .json([AssetDTO]())
        }
        let assets = try await Asset.query(on: req.db).filter(\.$assignedEmployeeID == employee.id).sort(\.$tagKey).all()
        let lookups = try await AssetLookups.load(on: req.db)
        return try .json(assets.map { AssetDTO($0, model: lookups.modelName($0.modelID)) })
    }

    func confirmReceipt(_ req: Request) async throws -> Response {
        guard let employee = try await req.signedInEmployee() else {
            throw AppError.notFound
        }
        let asset = try await service(req).confirmReceipt(try req.requireID(), by: employee.id!)
        return try .json(try await assetDTO(asset, on: req.db), version: asset.version)
    }

    private func assetRecord(_ req: Request) async throws -> Asset {
        guard let asset = try await Asset.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return asset
    }

    private func assetDTO(_ asset: Asset, on db: any Database) async throws -> AssetDTO {
        guard let model = try await AssetModel.find(asset.modelID, on: db) else { return AssetDTO(asset, model: "") }
        let manufacturer = try await Manufacturer.find(model.manufacturerID, on: db)?.name ?? ""
        return AssetDTO(asset, model: AssetLookups.name(manufacturer: manufacturer, model: model.name))
    }
}
