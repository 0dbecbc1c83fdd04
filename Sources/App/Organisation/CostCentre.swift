import Domain
import Fluent
import Foundation
import Vapor

final class CostCentre: Model, @unchecked Sendable {
    static let schema = "cost_centres"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] {
        ["code": code, "name": name, "owner": ownerID?.uuidString ?? "", "archived": String(archivedAt != nil)]
    }
}

extension CostCentre: VersionedRecord {
    static let auditEntityType = "cost_centre"
    var auditLabel: String { "\(code) \(name)" }
    static func auditPath(_ id: UUID) -> String? { Paths.costCentre.path(id) }
}
