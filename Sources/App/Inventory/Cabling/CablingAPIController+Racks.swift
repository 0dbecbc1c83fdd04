import Domain
import Fluent
import Foundation
import Vapor

/// Racks in the JSON API: listing, creating, placing and removing devices.
extension CablingAPIController {
    func listRacks(_ req: Request) async throws -> Response {
        var result: [RackDTO] = []
        for rack in try await Rack.query(on: req.db).sort(\.$name).all() { result.append(try await Self.dto(rack, on: req.db)) }
        return try .json(result)
    }

    func createRack(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(RackBody.self)
        let rack = try await service(req).createRack(
            .init(siteID: body.siteId, roomID: body.roomId, name: body.name, heightUnits: body.heightU))
        return try .json(try await Self.dto(rack, on: req.db), status: .created, version: rack.version)
    }

    func getRack(_ req: Request) async throws -> Response {
        guard let rack = try await Rack.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(try await Self.dto(rack, on: req.db), version: rack.version)
    }

    func place(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(PlacementBody.self)
        let rack = try await service(req).place(
            rack: id, expectedVersion: version, assetTag: body.assetTag, position: body.position, height: body.heightU)
        return try .json(try await Self.dto(rack, on: req.db), version: rack.version)
    }

    func unplace(_ req: Request) async throws -> Response {
        let rack = try await service(req).unplace(try req.requireID(), expectedVersion: try req.requiredIfMatchVersion())
        return try .json(try await Self.dto(rack, on: req.db), version: rack.version)
    }

    static func dto(_ rack: Rack, on db: any Database) async throws -> RackDTO {
        let placements = try await RackPlacement.query(on: db).filter(\.$rackID == rack.id!).sort(\.$position).all()
        let ids = placements.map(\.assetID)
        let tags =
            ids.isEmpty
            ? [:] : Dictionary(uniqueKeysWithValues: try await Asset.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.tag) })
        return RackDTO(
            id: rack.id!, siteId: rack.siteID, roomId: rack.roomID, name: rack.name, heightU: rack.heightUnits,
            placements: placements.map {
                .init(id: $0.id!, assetId: $0.assetID, assetTag: tags[$0.assetID] ?? "", position: $0.position, heightU: $0.heightUnits)
            },
            freeUnits: RackLayout.free(
                height: rack.heightUnits,
                placements: placements.map { .init(id: $0.assetID, position: $0.position, height: $0.heightUnits) }),
            version: rack.version)
    }
}
