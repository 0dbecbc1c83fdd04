import Domain
import Fluent
import Foundation
import Probes
import SQLKit

/// One entry of an alert's timeline.
final class AlertEvent: Model, @unchecked Sendable {
    static let schema = "alert_events"

    enum Kind: String, CaseIterable, Sendable {
        case opened, severity, acknowledged, escalated, notified, held, flapping, settled, recovered

        var labelKey: String { "alert.event.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "alert_id") var alertID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "kind") var kindRaw: String
    /// The status, a hold reason or a person's name, as the kind needs.
    @Field(key: "detail") var detail: String

    init() {}

    init(alertID: UUID, at: Date, kind: Kind, detail: String = "") {
        (self.id, self.alertID, self.at, self.kindRaw, self.detail) = (UUID(), alertID, at, kind.rawValue, detail)
    }

    var kind: Kind { Kind(rawValue: kindRaw) ?? .opened }
}
