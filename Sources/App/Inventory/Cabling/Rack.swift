import Domain
import Fluent
import Foundation

/// A rack in a room: its height in units, and the devices placed in it.
final class Rack: Model, @unchecked Sendable {
    static let schema = "racks"

    @ID(key: .id) var id: UUID?
    @Field(key: "site_id") var siteID: UUID
    @OptionalField(key: "room_id") var roomID: UUID?
    @Field(key: "name") var name: String
    @Field(key: "height_u") var heightUnits: Int
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// "U10–11 QM-000012" per placement, when loaded: part of the audit snapshot.
    var placementSummary = ""

    init() {}

    var auditFields: [String: String] {
        [
            "site": siteID.uuidString, "room": roomID?.uuidString ?? "", "name": name, "height_u": String(heightUnits),
            "placements": placementSummary,
        ]
    }
}

/// A device mounted in a rack, from its lowest unit up.
final class RackPlacement: Model, @unchecked Sendable {
    static let schema = "rack_placements"

    @ID(key: .id) var id: UUID?
    @Field(key: "rack_id") var rackID: UUID
    @Field(key: "asset_id") var assetID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "height_u") var heightUnits: Int

    init() {}
}

extension Rack: VersionedRecord {
    static let auditEntityType = "rack"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.networkRack.path(id) }
}
