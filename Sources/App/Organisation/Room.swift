import Domain
import Fluent
import Foundation

final class Room: Model, @unchecked Sendable {
    static let schema = "rooms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "site_id") var site: Site
    @Field(key: "name") var name: String
    @OptionalField(key: "floor") var floor: String?

    init() {}
}

extension Room: AuditSubject {
    static let auditEntityType = "room"
    var auditLabel: String { name }
}
