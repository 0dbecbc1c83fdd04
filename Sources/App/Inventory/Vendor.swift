import Domain
import Fluent
import Foundation

/// A company Quartermaster buys from: hardware, software, support, connectivity.
final class Vendor: Model, @unchecked Sendable {
    static let schema = "vendors"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "name_key") var nameKey: String
    /// Our customer number with them.
    @Field(key: "account_number") var accountNumber: String
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_email") var contactEmail: String
    @Field(key: "contact_phone") var contactPhone: String
    @Field(key: "website") var website: String
    @Field(key: "notes") var notes: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] {
        [
            "name": name, "account_number": accountNumber, "contact_name": contactName, "contact_email": contactEmail,
            "contact_phone": contactPhone, "website": website, "notes": notes,
        ]
    }
}

extension Vendor: VersionedRecord {
    static let auditEntityType = "vendor"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.vendor.path(id) }
}
