import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Cables: recording and removing them, the cable at an end, and how people name an interface.
extension CablingService {
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
}
