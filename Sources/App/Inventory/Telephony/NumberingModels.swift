import Domain
import Fluent
import Foundation
import SQLKit

/// A VLAN at a site: its 802.1Q id (unique per site), name and what it carries.
final class VLAN: Model, @unchecked Sendable {
    static let schema = "vlans"

    @ID(key: .id) var id: UUID?
    @Field(key: "site_id") var siteID: UUID
    @Field(key: "vid") var vid: Int
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] {
        ["site": siteID.uuidString, "vid": String(vid), "name": name, "description": description]
    }
}

/// A telephone number (E.164) with its internal extension, given to an employee or a device (a desk phone, the PBX's
/// trunk, a fax).
final class TelephoneNumber: Model, @unchecked Sendable {
    static let schema = "telephone_numbers"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    @OptionalField(key: "extension") var phoneExtension: String?
    @OptionalField(key: "employee_id") var employeeID: UUID?
    @OptionalField(key: "asset_id") var assetID: UUID?
    @OptionalField(key: "site_id") var siteID: UUID?
    @Field(key: "description") var description: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] {
        [
            "number": number, "extension": phoneExtension ?? "", "employee": employeeID?.uuidString ?? "",
            "asset": assetID?.uuidString ?? "",
            "site": siteID?.uuidString ?? "", "description": description,
        ]
    }
}

extension VLAN: VersionedRecord {
    static let auditEntityType = "vlan"
    var auditLabel: String { "\(vid) \(name)" }
}
extension TelephoneNumber: VersionedRecord {
    static let auditEntityType = "telephone_number"
    var auditLabel: String { number }
}
