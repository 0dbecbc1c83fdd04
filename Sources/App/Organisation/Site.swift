import Domain
import Fluent
import Foundation
import Vapor

final class Site: Model, @unchecked Sendable {
    static let schema = "sites"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String
    @Field(key: "country") var country: String
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Children(for: \.$site) var rooms: [Room]

    init() {}

    var auditFields: [String: String] {
        ["name": name, "address": address, "country": country, "time_zone": timeZone, "archived": String(archivedAt != nil)]
    }
}

extension Site: VersionedRecord {
    static let auditEntityType = "site"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.site.path(id) }
}
