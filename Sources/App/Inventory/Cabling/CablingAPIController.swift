import Domain
import Fluent
import Foundation
import Vapor

/// Interfaces, cables, traces, racks and the address lookup in the JSON API.
struct CablingAPIController: Sendable {
    func service(_ req: Request) -> CablingService { CablingService(app: req.application, actor: req.auditActor) }

    func listInterfaces(_ req: Request) async throws -> Response {
        var query = NetworkInterface.query(on: req.db).sort(\.$name)
        if let tag = req.query[String.self, at: "asset"] {
            guard let asset = try await Asset.query(on: req.db).filter(\.$tagKey == tag.uppercased()).first() else {
                throw ValidationFailure([FieldError(field: "asset", code: .notFound)])
            }
            query = query.filter(\.$assetID == asset.id!)
        } else if let raw = req.query[String.self, at: "room"] {
            guard let room = UUID(uuidString: raw) else { throw ValidationFailure([FieldError(field: "room", code: .invalid)]) }
            query = query.filter(\.$roomID == room)
        } else {
            throw ValidationFailure([FieldError(field: "asset", code: .required)])
        }
        let interfaces = try await query.all()
        let labels = try await CablingService.labels(interfaces.compactMap(\.id), on: req.db)
        return try .json(interfaces.map { InterfaceDTO($0, label: labels[$0.id!] ?? $0.name) })
    }

    func createInterface(_ req: Request) async throws -> Response {
        let interface = try await service(req).createInterface(try req.decodeStrict(InterfaceBody.self).input)
        let labels = try await CablingService.labels([interface.id!], on: req.db)
        let response = try Response.json(InterfaceDTO(interface, label: labels[interface.id!] ?? ""), status: .created, version: 1)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiInterface.path(interface.id!))
        return response
    }

    func getInterface(_ req: Request) async throws -> Response {
        guard let interface = try await NetworkInterface.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let labels = try await CablingService.labels([interface.id!], on: req.db)
        return try .json(InterfaceDTO(interface, label: labels[interface.id!] ?? ""), version: interface.version)
    }

    func trace(_ req: Request) async throws -> Response {
        let side = try req.query[String.self, at: "side"].map {
            guard let side = CableSide(rawValue: $0) else { throw ValidationFailure([FieldError(field: "side", code: .invalid)]) }
            return side
        }
        return try .json(TraceDTO(try await CablingService.trace(from: try req.requireID(), side: side, on: req.db)))
    }

    func listCables(_ req: Request) async throws -> Response {
        let cables = try await Cable.query(on: req.db).sort(\.$labelKey).all()
        let labels = try await CablingService.labels(cables.flatMap { [$0.aInterfaceID, $0.bInterfaceID] }, on: req.db)
        return try .json(cables.map { CableDTO($0, labels: labels) })
    }

    func createCable(_ req: Request) async throws -> Response {
        let cable = try await service(req).createCable(try req.decodeStrict(CableBody.self).input)
        let labels = try await CablingService.labels([cable.aInterfaceID, cable.bInterfaceID], on: req.db)
        return try .json(CableDTO(cable, labels: labels), status: .created, version: cable.version)
    }

    func removeCable(_ req: Request) async throws -> Response {
        try await service(req).removeCable(try req.requireID())
        return Response(status: .noContent)
    }

    func configureAddress(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(AddressInterfaceBody.self)
        let record = try await service(req).configure(address: id, on: body.interfaceId, expectedVersion: version)
        return try .json(NetworkLookup.AddressFacts(record), version: record.version)
    }

    func lookup(_ req: Request) async throws -> Response {
        guard let query = req.query[String.self, at: "q"]?.nilIfEmpty else {
            throw ValidationFailure([FieldError(field: "q", code: .required)])
        }
        return try .json(try await NetworkLookup.find(query, on: req.db))
    }
}
