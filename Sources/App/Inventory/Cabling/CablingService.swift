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
}
