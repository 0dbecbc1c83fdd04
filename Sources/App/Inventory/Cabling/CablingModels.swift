import Domain
import Fluent
import Foundation
import SQLKit

/// A network interface or port: on a device (a switch port, a server's NIC, a patch-panel port) or, for wall ports,
/// in a room.
final class NetworkInterface: Model, @unchecked Sendable {
    static let schema = "network_interfaces"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "asset_id") var assetID: UUID?
    @OptionalField(key: "room_id") var roomID: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "speed_mbps") var speedMbps: Int?
    @OptionalField(key: "mac") var mac: String?
    @Field(key: "description") var description: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var kind: InterfaceKind { InterfaceKind(rawValue: kindRaw) ?? .other }

    var auditFields: [String: String] {
        [
            "asset": assetID?.uuidString ?? "", "room": roomID?.uuidString ?? "", "name": name, "kind": kindRaw,
            "speed_mbps": speedMbps.map(String.init) ?? "", "mac": mac ?? "", "description": description,
        ]
    }
}

/// A cable between two interface ends, with its label, kind, length and colour.
final class Cable: Model, @unchecked Sendable {
    static let schema = "cables"

    @ID(key: .id) var id: UUID?
    @Field(key: "label") var label: String
    @Field(key: "label_key") var labelKey: String
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "length_cm") var lengthCentimetres: Int?
    @Field(key: "colour") var colour: String
    @Field(key: "a_interface_id") var aInterfaceID: UUID
    @Field(key: "a_side") var aSide: String
    @Field(key: "b_interface_id") var bInterfaceID: UUID
    @Field(key: "b_side") var bSide: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// "sw-tll-1 Gi1/0/14" for each end, when loaded: part of the audit snapshot.
    var aLabel = ""
    var bLabel = ""

    init() {}

    var kind: CableKind { CableKind(rawValue: kindRaw) ?? .other }
    var ends: [CableTrace.Endpoint] {
        [
            .init(interface: aInterfaceID, side: CableSide(rawValue: aSide) ?? .port),
            .init(interface: bInterfaceID, side: CableSide(rawValue: bSide) ?? .port),
        ]
    }

    var auditFields: [String: String] {
        [
            "label": label, "kind": kindRaw, "length_cm": lengthCentimetres.map(String.init) ?? "", "colour": colour,
            "a": "\(aLabel) \(aSide)", "b": "\(bLabel) \(bSide)",
        ]
    }
}

extension NetworkInterface: VersionedRecord {
    static let auditEntityType = "interface"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.networkInterface.path(id) }
}
extension Cable: VersionedRecord {
    static let auditEntityType = "cable"
    var auditLabel: String { label }
}
