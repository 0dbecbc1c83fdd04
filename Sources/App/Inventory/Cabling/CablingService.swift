import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Interfaces, cables and racks: recording them, following a cable path (`Domain.CableTrace`), placing devices in
/// rack units (`Domain.RackLayout`), and answering "what is at this address, and which cable leads to it".
struct CablingService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: Interfaces

    struct InterfaceInput: Sendable {
        /// The device, by asset tag; or, for a wall port, the room.
        var assetTag: String?
        var roomID: UUID?
        var name: String
        /// An `InterfaceKind` raw value.
        var kind = InterfaceKind.ethernet.rawValue
        var speedMbps: Int?
        var mac: String?
        var description = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name", maxLength: 64)].compactMap { $0 }
            let hasAsset = !(assetTag ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            if hasAsset == (roomID != nil) { errors.append(FieldError(field: "assetTag", code: .required)) }
            if InterfaceKind(rawValue: kind) == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
            if let speedMbps, !(1...1_600_000).contains(speedMbps) { errors.append(FieldError(field: "speedMbps", code: .outOfRange)) }
            if let mac = mac?.nilIfEmpty, MACAddress(mac) == nil { errors.append(FieldError(field: "mac", code: .macInvalid)) }
            if description.count > 500 { errors.append(FieldError(field: "description", code: .tooLong)) }
            return errors
        }
    }

    func createInterface(_ input: InterfaceInput) async throws -> NetworkInterface {
        try InputCheck.check(input.validate())
        let interface = NetworkInterface()
        interface.name = input.name.trimmingCharacters(in: .whitespaces)
        interface.kindRaw = input.kind
        interface.speedMbps = input.speedMbps
        interface.mac = input.mac?.nilIfEmpty.flatMap(MACAddress.init)?.description
        interface.description = input.description.trimmingCharacters(in: .whitespaces)
        interface.roomID = input.roomID
        interface.createdAt = app.services.clock.now()
        return try await app.createAudited(interface, actor: actor) { db in
            if let tag = input.assetTag?.trimmingCharacters(in: .whitespaces).uppercased().nilIfEmpty {
                guard let asset = try await Asset.query(on: db).filter(\.$tagKey == tag).first() else {
                    throw ValidationFailure([FieldError(field: "assetTag", code: .notFound)])
                }
                interface.assetID = asset.id
                try await InputCheck.unique(
                    NetworkInterface.query(on: db).filter(\.$assetID == asset.id!).filter(\.$name == interface.name), field: "name")
            } else if let room = input.roomID {
                guard try await Room.find(room, on: db) != nil else {
                    throw ValidationFailure([FieldError(field: "roomId", code: .notFound)])
                }
                try await InputCheck.unique(
                    NetworkInterface.query(on: db).filter(\.$roomID == room).filter(\.$name == interface.name), field: "name")
            }
        }
    }

    /// Puts an address on an interface (or takes it off, with nil).
    func configure(address addressID: UUID, on interfaceID: UUID?, expectedVersion: Int?) async throws -> IPAddressRecord {
        try await app.updateAudited(IPAddressRecord.self, id: addressID, expectedVersion: expectedVersion, actor: actor) { record, db in
            if let interfaceID, try await NetworkInterface.find(interfaceID, on: db) == nil {
                throw ValidationFailure([FieldError(field: "interfaceId", code: .notFound)])
            }
            record.interfaceID = interfaceID
        }
    }

    // MARK: Cables

    struct CableInput: Sendable {
        var label: String
        /// A `CableKind` raw value.
        var kind = CableKind.cat6.rawValue
        var lengthCentimetres: Int?
        var colour = ""
        var a: CableTrace.Endpoint?
        var b: CableTrace.Endpoint?

        func validate() -> [FieldError] {
            var errors = [Validate.required(label, field: "label", maxLength: 64)].compactMap { $0 }
            if CableKind(rawValue: kind) == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
            if let lengthCentimetres, !(1...1_000_000).contains(lengthCentimetres) {
                errors.append(FieldError(field: "lengthCm", code: .outOfRange))
            }
            if colour.count > 40 { errors.append(FieldError(field: "colour", code: .tooLong)) }
            if a == nil { errors.append(FieldError(field: "a", code: .required)) }
            if b == nil { errors.append(FieldError(field: "b", code: .required)) }
            if let a, let b, a.interface == b.interface { errors.append(FieldError(field: "b", code: .invalid)) }
            return errors
        }
    }

    func createCable(_ input: CableInput) async throws -> Cable {
        try InputCheck.check(input.validate())
        let (now, actor) = (app.services.clock.now(), actor)
        return try await app.write { db in
            var errors: [FieldError] = []
            for (field, end) in [("a", input.a!), ("b", input.b!)] {
                guard let interface = try await NetworkInterface.find(end.interface, on: db) else {
                    errors.append(FieldError(field: field, code: .notFound))
                    continue
                }
                if !CableSide.sides(for: interface.kind).contains(end.side) {
                    errors.append(FieldError(field: field, code: .invalid))
                } else if try await Self.cableAt(end, on: db) != nil {
                    errors.append(FieldError(field: field, code: .cableEndTaken))
                }
            }
            let key = input.label.trimmingCharacters(in: .whitespaces).uppercased()
            if try await Cable.query(on: db).filter(\.$labelKey == key).first() != nil {
                errors.append(FieldError(field: "label", code: .taken))
            }
            try InputCheck.check(errors)
            let cable = Cable()
            cable.label = input.label.trimmingCharacters(in: .whitespaces)
            cable.labelKey = key
            cable.kindRaw = input.kind
            cable.lengthCentimetres = input.lengthCentimetres
            cable.colour = input.colour.trimmingCharacters(in: .whitespaces)
            (cable.aInterfaceID, cable.aSide) = (input.a!.interface, input.a!.side.rawValue)
            (cable.bInterfaceID, cable.bSide) = (input.b!.interface, input.b!.side.rawValue)
            cable.createdAt = now
            let labels = try await Self.labels([input.a!.interface, input.b!.interface], on: db)
            (cable.aLabel, cable.bLabel) = (labels[input.a!.interface] ?? "", labels[input.b!.interface] ?? "")
            try await cable.insertAudited(on: db, actor: actor, at: now)
            for end in cable.ends {
                try await db.sql.insert(into: "cable_ends").columns("cable_id", "interface_id", "side")
                    .values(SQLBind(cable.id!), SQLBind(end.interface), SQLBind(end.side.rawValue)).run()
            }
            return cable
        }
    }

    func removeCable(_ id: UUID) async throws {
        try await app.deleteAudited(Cable.self, id: id, expectedVersion: nil, actor: actor) { cable, db in
            let labels = try await Self.labels([cable.aInterfaceID, cable.bInterfaceID], on: db)
            (cable.aLabel, cable.bLabel) = (labels[cable.aInterfaceID] ?? "", labels[cable.bInterfaceID] ?? "")
            try await db.sql.delete(from: "cable_ends").where("cable_id", .equal, id).run()
        }
    }

    static func cableAt(_ end: CableTrace.Endpoint, on db: any Database) async throws -> UUID? {
        try await db.sql.select().column("cable_id").from("cable_ends").where("interface_id", .equal, end.interface)
            .where("side", .equal, end.side.rawValue).first()?.decode(column: "cable_id", as: UUID.self)
    }

    /// "sw-tll-1 Gi1/0/14", or for a wall port "2.14 A": how people name an interface.
    static func labels(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let interfaces = try await NetworkInterface.query(on: db).filter(\.$id ~~ ids).all()
        let assetIDs = interfaces.compactMap(\.assetID)
        let roomIDs = interfaces.compactMap(\.roomID)
        let assets = assetIDs.isEmpty ? [] : try await Asset.query(on: db).filter(\.$id ~~ assetIDs).all()
        let rooms = roomIDs.isEmpty ? [] : try await Room.query(on: db).filter(\.$id ~~ roomIDs).all()
        let assetNames = Dictionary(uniqueKeysWithValues: assets.map { ($0.id!, $0.name.nilIfEmpty ?? $0.tag) })
        let roomNames = Dictionary(uniqueKeysWithValues: rooms.map { ($0.id!, $0.name) })
        return Dictionary(
            uniqueKeysWithValues: interfaces.map { interface in
                let owner = interface.assetID.flatMap { assetNames[$0] } ?? interface.roomID.flatMap { roomNames[$0] } ?? ""
                return (interface.id!, [owner, interface.name].filter { !$0.isEmpty }.joined(separator: " "))
            })
    }

    // MARK: Tracing

    /// A traced path with what people need to read it: each hop's cable and the interfaces at its ends.
    struct TracedPath: Sendable {
        struct Hop: Sendable {
            let cable: Cable
            let from: NetworkInterface
            let fromSide: CableSide
            let to: NetworkInterface
            let toSide: CableSide
        }

        let start: NetworkInterface
        let hops: [Hop]
        let end: CableTrace.End
        let labels: [UUID: String]
        /// The device at the far end, when the path reaches one.
        let farAsset: Asset?
    }

    /// Follows the cables from an interface; a pass-through port is left through its rear unless told otherwise.
    static func trace(from id: UUID, side: CableSide? = nil, on db: any Database) async throws -> TracedPath {
        guard let start = try await NetworkInterface.find(id, on: db) else { throw AppError.notFound }
        let startSide = side ?? (start.kind.passesThrough ? .rear : .port)
        // Read the connected component breadth-first: a path is short, so a few queries suffice.
        var kinds: [UUID: InterfaceKind] = [id: start.kind]
        var interfaces: [UUID: NetworkInterface] = [id: start]
        var cables: [CableTrace.Endpoint: (cable: UUID, far: CableTrace.Endpoint)] = [:]
        var cableRecords: [UUID: Cable] = [:]
        var frontier: Set<UUID> = [id]
        var visited: Set<UUID> = []
        while !frontier.isEmpty, visited.count < 200 {
            visited.formUnion(frontier)
            let found = try await Cable.query(on: db).group(.or) {
                $0.filter(\.$aInterfaceID ~~ Array(frontier)).filter(\.$bInterfaceID ~~ Array(frontier))
            }.all()
            var next: Set<UUID> = []
            for cable in found where cableRecords[cable.id!] == nil {
                cableRecords[cable.id!] = cable
                let (a, b) = (cable.ends[0], cable.ends[1])
                cables[a] = (cable.id!, b)
                cables[b] = (cable.id!, a)
                next.formUnion([a.interface, b.interface])
            }
            next.subtract(visited)
            if !next.isEmpty {
                for interface in try await NetworkInterface.query(on: db).filter(\.$id ~~ Array(next)).all() {
                    interfaces[interface.id!] = interface
                    kinds[interface.id!] = interface.kind
                }
            }
            // Only pass-through ports lead further.
            frontier = Set(next.filter { kinds[$0]?.passesThrough == true })
        }
        let path = CableTrace.follow(from: .init(interface: id, side: startSide), kinds: kinds, cables: cables)
        let labels = try await Self.labels(Array(interfaces.keys), on: db)
        let hops = path.hops.compactMap { hop -> TracedPath.Hop? in
            guard let cable = cableRecords[hop.cable], let from = interfaces[hop.from.interface], let to = interfaces[hop.to.interface]
            else {
                return nil
            }
            return .init(cable: cable, from: from, fromSide: hop.from.side, to: to, toSide: hop.to.side)
        }
        var farAsset: Asset?
        if case .interface(let far) = path.end, let assetID = interfaces[far]?.assetID { farAsset = try await Asset.find(assetID, on: db) }
        return TracedPath(start: start, hops: hops, end: path.end, labels: labels, farAsset: farAsset)
    }

    // MARK: Racks

    struct RackInput: Sendable {
        var siteID: UUID?
        var roomID: UUID?
        var name: String
        var heightUnits: Int?

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name", maxLength: 64)].compactMap { $0 }
            if siteID == nil { errors.append(FieldError(field: "siteId", code: .required)) }
            if let heightUnits, !(1...60).contains(heightUnits) { errors.append(FieldError(field: "heightU", code: .outOfRange)) }
            if heightUnits == nil { errors.append(FieldError(field: "heightU", code: .required)) }
            return errors
        }
    }

    func createRack(_ input: RackInput) async throws -> Rack {
        try InputCheck.check(input.validate())
        let rack = Rack()
        rack.siteID = input.siteID!
        rack.roomID = input.roomID
        rack.name = input.name.trimmingCharacters(in: .whitespaces)
        rack.heightUnits = input.heightUnits!
        rack.createdAt = app.services.clock.now()
        return try await app.createAudited(rack, actor: actor) { db in
            try await InputCheck.exists(Site.self, input.siteID, field: "siteId", on: db)
            if let roomID = input.roomID {
                guard let room = try await Room.find(roomID, on: db), room.$site.id == input.siteID else {
                    throw ValidationFailure([FieldError(field: "roomId", code: .notFound)])
                }
            }
            try await InputCheck.unique(
                Rack.query(on: db).filter(\.$siteID == input.siteID!).filter(\.$name == rack.name), field: "name")
        }
    }

    /// Mounts a device (by tag) at `position` (its lowest unit), `height` units tall; moves it if it was mounted elsewhere.
    func place(rack rackID: UUID, expectedVersion: Int?, assetTag: String, position: Int?, height: Int?) async throws -> Rack {
        guard let position, let height else {
            throw ValidationFailure(
                [
                    position == nil ? FieldError(field: "position", code: .required) : nil,
                    height == nil ? FieldError(field: "height", code: .required) : nil,
                ]
                .compactMap { $0 })
        }
        return try await app.updateAudited(
            Rack.self, id: rackID, expectedVersion: expectedVersion, actor: actor, action: "place",
            load: { rack, db in try await Self.loadPlacements(rack, on: db) }
        ) { rack, db in
            let key = assetTag.trimmingCharacters(in: .whitespaces).uppercased()
            guard let asset = try await Asset.query(on: db).filter(\.$tagKey == key).first() else {
                throw ValidationFailure([FieldError(field: "assetTag", code: key.isEmpty ? .required : .notFound)])
            }
            let placements = try await RackPlacement.query(on: db).filter(\.$rackID == rackID).all()
            let existing = try await RackPlacement.query(on: db).filter(\.$assetID == asset.id!).first()
            let layout = placements.map { RackLayout.Placement(id: $0.assetID, position: $0.position, height: $0.heightUnits) }
            if let problem = RackLayout.problem(
                placing: .init(id: asset.id!, position: position, height: height), inRackOf: rack.heightUnits, beside: layout)
            {
                throw ValidationFailure([problem])
            }
            let placement = existing ?? RackPlacement()
            placement.rackID = rackID
            placement.assetID = asset.id!
            placement.position = position
            placement.heightUnits = height
            try await placement.save(on: db)
            try await Self.loadPlacements(rack, on: db)
        }
    }

    func unplace(_ placementID: UUID, expectedVersion: Int?) async throws -> Rack {
        guard let placement = try await RackPlacement.find(placementID, on: app.db) else { throw AppError.notFound }
        return try await app.updateAudited(
            Rack.self, id: placement.rackID, expectedVersion: expectedVersion, actor: actor, action: "unplace",
            load: { rack, db in try await Self.loadPlacements(rack, on: db) }
        ) { rack, db in
            try await RackPlacement.query(on: db).filter(\.$id == placementID).delete()
            try await Self.loadPlacements(rack, on: db)
        }
    }

    static func loadPlacements(_ rack: Rack, on db: any Database) async throws {
        let placements = try await RackPlacement.query(on: db).filter(\.$rackID == rack.id!).sort(\.$position).all()
        let ids = placements.map(\.assetID)
        let tags =
            ids.isEmpty
            ? [:] : Dictionary(uniqueKeysWithValues: try await Asset.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.tag) })
        rack.placementSummary = placements.map { "U\($0.position)–\($0.position + $0.heightUnits - 1) \(tags[$0.assetID] ?? "")" }
            .joined(separator: "; ")
    }
}
