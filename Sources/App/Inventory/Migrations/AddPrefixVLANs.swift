import Domain
import Fluent
import Foundation
import SQLKit

/// A prefix is on a VLAN, as NetBox links them: "10.1.20.0/24 is the voice VLAN 20 at Tallinn".
struct AddPrefixVLANs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ip_prefixes").field("vlan_id", .uuid, .references("vlans", "id")).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ip_prefixes").deleteField("vlan_id").update()
    }
}
