import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Racks, and placing devices in their units.
extension CablingService {
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
