import Domain
import Fluent
import Foundation
import SQLKit

/// A stored IP prefix (IPv4 or IPv6). Prefixes nest: a prefix's parent is the longest stored prefix that contains it.
/// `firstKey` and `lastKey` are the `IPAddress.sortKey`s of its first and last address, so containment and the
/// addresses inside are range queries on an index.
final class IPPrefixRecord: Model, @unchecked Sendable {
    static let schema = "ip_prefixes"

    @ID(key: .id) var id: UUID?
    @Field(key: "prefix") var prefixText: String
    @Field(key: "length") var length: Int
    @Field(key: "first_key") var firstKey: String
    @Field(key: "last_key") var lastKey: String
    @Field(key: "status") var status: String
    @OptionalField(key: "site_id") var siteID: UUID?
    /// The VLAN the prefix is on (`AddPrefixVLANs`).
    @OptionalField(key: "vlan_id") var vlanID: UUID?
    @Field(key: "description") var description: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var prefix: IPPrefix? { IPPrefix(prefixText) }

    var auditFields: [String: String] {
        [
            "prefix": prefixText, "status": status, "site": siteID?.uuidString ?? "", "vlan": vlanID?.uuidString ?? "",
            "description": description,
        ]
    }
}

/// A stored IP address, unique across the organisation (Quartermaster has one routing domain).
final class IPAddressRecord: Model, @unchecked Sendable {
    static let schema = "ip_addresses"

    @ID(key: .id) var id: UUID?
    @Field(key: "address") var addressText: String
    @Field(key: "sort_key") var sortKey: String
    /// The mask of the interface the address sits on ("10.1.2.3/24" stores 24), when given.
    @OptionalField(key: "prefix_length") var prefixLength: Int?
    @Field(key: "status") var status: String
    @OptionalField(key: "dns_name") var dnsName: String?
    @Field(key: "description") var description: String
    /// The interface the address is configured on (`CreateCabling`).
    @OptionalField(key: "interface_id") var interfaceID: UUID?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] {
        [
            "interface": interfaceID?.uuidString ?? "", "address": addressText, "prefix_length": prefixLength.map(String.init) ?? "",
            "status": status, "dns_name": dnsName ?? "",
            "description": description,
        ]
    }
}

extension IPPrefixRecord: VersionedRecord {
    static let auditEntityType = "ip_prefix"
    var auditLabel: String { prefixText }
    static func auditPath(_ id: UUID) -> String? { Paths.networkPrefix.path(id) }
}
extension IPAddressRecord: VersionedRecord {
    static let auditEntityType = "ip_address"
    var auditLabel: String { addressText }
    static func auditPath(_ id: UUID) -> String? { Paths.networkAddress.path(id) }
}

/// What an address or prefix is for. NetBox's statuses, less the ones that need VRFs.
enum IPStatus: String, CaseIterable, Codable, Sendable {
    case active, reserved, deprecated, dhcp
}
