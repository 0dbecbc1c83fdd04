import Domain
import Fluent
import Foundation
import Probes
import SQLKit

/// A hard problem of one check, from the moment it was confirmed until it recovered, with its timeline.
final class Alert: Model, @unchecked Sendable {
    static let schema = "alerts"

    @ID(key: .id) var id: UUID?
    @Field(key: "check_id") var checkID: UUID
    @OptionalField(key: "asset_id") var assetID: UUID?
    @Field(key: "status") var statusRaw: String
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: String?
    @Field(key: "comment") var comment: String
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    /// Whether anybody was told of it: a problem that opened in a window or while flapping may never be announced.
    @Field(key: "announced") var announced: Bool

    init() {}

    var status: CheckStatus { CheckStatus(rawValue: statusRaw) ?? .critical }
}
