import Domain
import Fluent
import Foundation
import Vapor

struct InterfaceDTO: Content {
    let id: UUID
    let assetId: UUID?
    let roomId: UUID?
    let name: String
    let label: String
    let kind: InterfaceKind
    let speedMbps: Int?
    let mac: String?
    let description: String
    let version: Int

    init(_ interface: NetworkInterface, label: String) {
        (id, assetId, roomId, name, self.label, kind) = (
            interface.id!, interface.assetID, interface.roomID, interface.name, label, interface.kind
        )
        (speedMbps, mac, description, version) = (interface.speedMbps, interface.mac, interface.description, interface.version)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "assetId": .nullable(.string(format: "uuid")), "roomId": .nullable(.string(format: "uuid")),
            "name": .string(), "label": .string(), "kind": .string(enumeration: InterfaceKind.allCases.map(\.rawValue)),
            "speedMbps": .nullable(.integer(minimum: 1)), "mac": .nullable(.string()), "description": .string(),
            "version": .integer(minimum: 1),
        ], required: ["id", "name", "label", "kind", "description", "version"])
}

struct InterfaceBody: APIRequestBody {
    let assetTag: String?
    let roomId: UUID?
    let name: String
    let kind: String?
    let speedMbps: Int?
    let mac: String?
    let description: String?

    static let fieldNames: Set<String> = ["assetTag", "roomId", "name", "kind", "speedMbps", "mac", "description"]
    func validate() -> [FieldError] { [] }  // CablingService.InterfaceInput.validate.

    var input: CablingService.InterfaceInput {
        .init(
            assetTag: assetTag, roomID: roomId, name: name, kind: kind ?? InterfaceKind.ethernet.rawValue, speedMbps: speedMbps, mac: mac,
            description: description ?? "")
    }

    static let schema = JSONSchema.object(
        properties: [
            "assetTag": .string(), "roomId": .string(format: "uuid"), "name": .string(),
            "kind": .string(enumeration: InterfaceKind.allCases.map(\.rawValue)), "speedMbps": .integer(minimum: 1), "mac": .string(),
            "description": .string(),
        ], required: ["name"])
}

struct CableDTO: Content {
    struct End: Content {
        let interfaceId: UUID
        let side: CableSide
        let label: String
    }

    let id: UUID
    let label: String
    let kind: CableKind
    let lengthCm: Int?
    let colour: String
    let a: End
    let b: End
    let version: Int

    init(_ cable: Cable, labels: [UUID: String]) {
        (id, label, kind, lengthCm, colour, version) = (
            cable.id!, cable.label, cable.kind, cable.lengthCentimetres, cable.colour, cable.version
        )
        a = End(interfaceId: cable.aInterfaceID, side: CableSide(rawValue: cable.aSide) ?? .port, label: labels[cable.aInterfaceID] ?? "")
        b = End(interfaceId: cable.bInterfaceID, side: CableSide(rawValue: cable.bSide) ?? .port, label: labels[cable.bInterfaceID] ?? "")
    }

    static let endSchema = JSONSchema.object(
        properties: [
            "interfaceId": .string(format: "uuid"), "side": .string(enumeration: CableSide.allCases.map(\.rawValue)), "label": .string(),
        ], required: ["interfaceId", "side"])
    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "label": .string(), "kind": .string(enumeration: CableKind.allCases.map(\.rawValue)),
            "lengthCm": .nullable(.integer(minimum: 1)), "colour": .string(), "a": endSchema, "b": endSchema,
            "version": .integer(minimum: 1),
        ], required: ["id", "label", "kind", "colour", "a", "b", "version"])
}

struct CableBody: APIRequestBody {
    struct End: Codable, Sendable {
        let interfaceId: UUID
        let side: CableSide?
    }

    let label: String
    let kind: String?
    let lengthCm: Int?
    let colour: String?
    let a: End
    let b: End

    static let fieldNames: Set<String> = ["label", "kind", "lengthCm", "colour", "a", "b"]
    func validate() -> [FieldError] { [] }  // CablingService.CableInput.validate.

    var input: CablingService.CableInput {
        .init(
            label: label, kind: kind ?? CableKind.cat6.rawValue, lengthCentimetres: lengthCm, colour: colour ?? "",
            a: .init(interface: a.interfaceId, side: a.side ?? .port), b: .init(interface: b.interfaceId, side: b.side ?? .port))
    }

    static let schema = JSONSchema.object(
        properties: [
            "label": .string(), "kind": .string(enumeration: CableKind.allCases.map(\.rawValue)), "lengthCm": .integer(minimum: 1),
            "colour": .string(), "a": CableDTO.endSchema, "b": CableDTO.endSchema,
        ], required: ["label", "a", "b"])
}

struct TraceDTO: Content {
    struct Hop: Content {
        let from: CableDTO.End
        let cable: String
        let cableId: UUID
        let kind: CableKind
        let lengthCm: Int?
        let colour: String
        let to: CableDTO.End
    }

    let start: String
    let hops: [Hop]
    /// `interface` (reached a device), `open` (stops at a port with nothing beyond) or `loop` (miswired).
    let end: String
    let farInterface: String?
    let farAssetId: UUID?
    let farAssetTag: String?

    init(_ path: CablingService.TracedPath) {
        start = path.labels[path.start.id!] ?? path.start.name
        hops = path.hops.map { hop in
            Hop(
                from: .init(interfaceId: hop.from.id!, side: hop.fromSide, label: path.labels[hop.from.id!] ?? ""), cable: hop.cable.label,
                cableId: hop.cable.id!, kind: hop.cable.kind, lengthCm: hop.cable.lengthCentimetres, colour: hop.cable.colour,
                to: .init(interfaceId: hop.to.id!, side: hop.toSide, label: path.labels[hop.to.id!] ?? ""))
        }
        switch path.end {
        case .interface(let id): (end, farInterface) = ("interface", path.labels[id])
        case .open(let endpoint): (end, farInterface) = ("open", path.labels[endpoint.interface])
        case .loop: (end, farInterface) = ("loop", nil)
        }
        (farAssetId, farAssetTag) = (path.farAsset?.id, path.farAsset?.tag)
    }

    static let schema = JSONSchema.object(
        properties: [
            "start": .string(),
            "hops": .array(
                .object(
                    properties: [
                        "from": CableDTO.endSchema, "cable": .string(), "cableId": .string(format: "uuid"),
                        "kind": .string(enumeration: CableKind.allCases.map(\.rawValue)), "lengthCm": .nullable(.integer()),
                        "colour": .string(),
                        "to": CableDTO.endSchema,
                    ], required: ["from", "cable", "cableId", "kind", "colour", "to"])),
            "end": .string(enumeration: ["interface", "open", "loop"]), "farInterface": .nullable(.string()),
            "farAssetId": .nullable(.string(format: "uuid")), "farAssetTag": .nullable(.string()),
        ], required: ["start", "hops", "end"])
}

struct AddressInterfaceBody: APIRequestBody {
    let interfaceId: UUID?

    static let fieldNames: Set<String> = ["interfaceId"]
    func validate() -> [FieldError] { [] }
    static let schema = JSONSchema.object(properties: ["interfaceId": .nullable(.string(format: "uuid"))], required: ["interfaceId"])
}

struct RackDTO: Content {
    struct Placement: Content {
        let id: UUID
        let assetId: UUID
        let assetTag: String
        let position: Int
        let heightU: Int
    }

    let id: UUID
    let siteId: UUID
    let roomId: UUID?
    let name: String
    let heightU: Int
    let placements: [Placement]
    let freeUnits: [Int]
    let version: Int

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "siteId": .string(format: "uuid"), "roomId": .nullable(.string(format: "uuid")),
            "name": .string(),
            "heightU": .integer(minimum: 1, maximum: 60),
            "placements": .array(
                .object(
                    properties: [
                        "id": .string(format: "uuid"), "assetId": .string(format: "uuid"), "assetTag": .string(),
                        "position": .integer(minimum: 1),
                        "heightU": .integer(minimum: 1),
                    ], required: ["id", "assetId", "assetTag", "position", "heightU"])), "freeUnits": .array(.integer(minimum: 1)),
            "version": .integer(minimum: 1),
        ], required: ["id", "siteId", "name", "heightU", "placements", "freeUnits", "version"])
}

struct RackBody: APIRequestBody {
    let siteId: UUID?
    let roomId: UUID?
    let name: String
    let heightU: Int?

    static let fieldNames: Set<String> = ["siteId", "roomId", "name", "heightU"]
    func validate() -> [FieldError] { [] }  // CablingService.RackInput.validate.
    static let schema = JSONSchema.object(
        properties: [
            "siteId": .string(format: "uuid"), "roomId": .nullable(.string(format: "uuid")), "name": .string(),
            "heightU": .integer(minimum: 1, maximum: 60),
        ], required: ["siteId", "name", "heightU"])
}

struct PlacementBody: APIRequestBody {
    let assetTag: String
    let position: Int?
    let heightU: Int?

    static let fieldNames: Set<String> = ["assetTag", "position", "heightU"]
    func validate() -> [FieldError] { [] }  // CablingService.place.
    static let schema = JSONSchema.object(
        properties: ["assetTag": .string(), "position": .integer(minimum: 1), "heightU": .integer(minimum: 1)],
        required: ["assetTag", "position", "heightU"])
}

/// Interfaces, cables, traces, racks and the address lookup in the JSON API.
struct CablingAPIController: Sendable {
    private func service(_ req: Request) -> CablingService { CablingService(app: req.application, actor: req.auditActor) }

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

enum CablingAPIDocs {
    static let listInterfaces = APIDoc(
        summary: "A device's interfaces (`asset`: its tag) or a room's wall ports (`room`: its id).",
        query: [
            .init(name: "asset", schema: .string(), description: "The device's asset tag."),
            .init(name: "room", schema: .string(format: "uuid"), description: "The room, for wall ports."),
        ], response: .array(.ref("Interface")))
    static let createInterface = APIDoc(
        summary: "Record an interface on a device (assetTag) or a wall port in a room (roomId); MAC addresses in any usual spelling.",
        requestBody: .ref("InterfaceBody"), response: .ref("Interface"), successStatus: 201)
    static let getInterface = APIDoc(summary: "One interface.", response: .ref("Interface"))
    static let trace = APIDoc(
        summary: "Follow the cables from the interface through wall and patch-panel ports to the far end.",
        query: [
            .init(
                name: "side", schema: .string(enumeration: CableSide.allCases.map(\.rawValue)),
                description: "For a pass-through port: leave through its front or rear (default rear).")
        ],
        response: .ref("Trace"))
    static let listCables = APIDoc(summary: "Every cable with its two ends, by label.", response: .array(.ref("Cable")))
    static let createCable = APIDoc(
        summary:
            "Record a cable between two interface ends (side `front` or `rear` on pass-through ports, `port` elsewhere); an end holds one cable.",
        requestBody: .ref("CableBody"), response: .ref("Cable"), successStatus: 201)
    static let removeCable = APIDoc(summary: "Remove a cable.", successStatus: 204)
    static let configureAddress = APIDoc(
        summary: "Put an IP address on an interface, or take it off with null (If-Match: the address's version).",
        requestBody: .ref("AddressInterfaceBody"), response: .anyObject(description: "The address record."), conditional: true)
    static let lookup = APIDoc(
        summary:
            "What is at an IP or MAC address: the address record and its prefix, the interface, the device and its holder, and the cable path.",
        query: [.init(name: "q", schema: .string(), description: "An IP address (10.1.2.3, 2001:db8::5) or a MAC address.")],
        response: .ref("NetworkLookup"))
    static let listRacks = APIDoc(summary: "Every rack with its placements and free units.", response: .array(.ref("Rack")))
    static let createRack = APIDoc(
        summary: "Record a rack at a site.", requestBody: .ref("RackBody"), response: .ref("Rack"), successStatus: 201)
    static let getRack = APIDoc(summary: "One rack; the ETag is its version.", response: .ref("Rack"))
    static let place = APIDoc(
        summary: "Mount a device (by tag) from unit `position` up, `heightU` units tall; refused where another device is (If-Match).",
        requestBody: .ref("PlacementBody"), response: .ref("Rack"), conditional: true)
    static let unplace = APIDoc(
        summary: "Take a device out of its rack (If-Match: the rack's version).", response: .ref("Rack"), conditional: true)

    static let schemas: [String: JSONSchema] = [
        "Interface": InterfaceDTO.schema, "InterfaceBody": InterfaceBody.schema, "Cable": CableDTO.schema, "CableBody": CableBody.schema,
        "Trace": TraceDTO.schema, "AddressInterfaceBody": AddressInterfaceBody.schema, "NetworkLookup": NetworkLookup.schema,
        "Rack": RackDTO.schema, "RackBody": RackBody.schema, "PlacementBody": PlacementBody.schema,
    ]
}
