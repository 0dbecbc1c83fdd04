import Domain
import Fluent
import Foundation

/// One thing that happened to an asset, as its history shows it: who, when, what and why.
final class AssetEvent: Model, @unchecked Sendable {
    static let schema = "asset_events"

    enum Kind: String, CaseIterable, Codable, Sendable {
        case created, status, checkout, checkin, receipt, seen
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "asset_id") var assetID: UUID
    /// 1 for the asset's first event, and so on: the history's order even when two events share a timestamp.
    @Field(key: "sequence") var sequence: Int
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "actor") var actor: String
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "from_status") var fromStatus: String?
    @OptionalField(key: "to_status") var toStatus: String?
    @OptionalField(key: "employee_id") var employeeID: UUID?
    @OptionalField(key: "site_id") var siteID: UUID?
    @Field(key: "reason") var reason: String
    @OptionalField(key: "disposal_method") var disposalMethod: String?
    @Field(key: "data_wipe_confirmed") var dataWipeConfirmed: Bool
    /// Made by a file import, which gives no reason of its own; the history says so in the reader's language.
    @Field(key: "via_import") var viaImport: Bool

    init() {}

    var kind: Kind { Kind(rawValue: kindRaw) ?? .status }
}
