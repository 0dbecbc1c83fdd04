import Domain
import Fluent
import Foundation
import Vapor

final class Department: Model, @unchecked Sendable {
    static let schema = "departments"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @OptionalField(key: "manager_id") var managerID: UUID?
    @OptionalField(key: "cost_centre_id") var costCentreID: UUID?
    @OptionalField(key: "site_id") var siteID: UUID?
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] {
        [
            "name": name, "parent": parentID?.uuidString ?? "", "manager": managerID?.uuidString ?? "",
            "cost_centre": costCentreID?.uuidString ?? "", "site": siteID?.uuidString ?? "", "archived": String(archivedAt != nil),
        ]
    }
}

extension Department: VersionedRecord {
    static let auditEntityType = "department"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.department.path(id) }
}
