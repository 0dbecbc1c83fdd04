import Domain
import Fluent
import Foundation
import Probes
import SQLKit

/// A time when notifications about an asset, a site's assets or one check are held back, once or recurring.
final class MaintenanceWindow: Model, @unchecked Sendable {
    static let schema = "maintenance_windows"

    enum Scope: String, CaseIterable, Codable, Sendable {
        case asset, site, check
        var labelKey: String { "maintenance.scope.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "scope") var scopeRaw: String
    @Field(key: "scope_id") var scopeID: UUID
    /// The first window's start in local time, `2026-12-06T04:00`.
    @Field(key: "starts") var startsLocal: String
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "time_zone") var timeZoneID: String
    /// An RRULE (`FREQ=WEEKLY;BYDAY=SU`), empty for a one-off window.
    @Field(key: "rrule") var rrule: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var scope: Scope { Scope(rawValue: scopeRaw) ?? .asset }

    var auditFields: [String: String] {
        [
            "name": name, "scope": scopeRaw, "scope_id": scopeID.uuidString, "starts": startsLocal,
            "duration_minutes": String(durationMinutes), "time_zone": timeZoneID, "rrule": rrule,
        ]
    }
}

extension MaintenanceWindow: VersionedRecord {
    static let auditEntityType = "maintenance_window"
    var auditLabel: String { name }
}
