import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The trigram index behind the search's fragments of tags, names, hostnames, serial and IMEI numbers, and the
/// DNS-name index behind its hostnames.
struct AddInventorySearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await TrigramSearch.assets.create(on: sql)
        try await sql.create(index: "ip_addresses_by_dns_name").on("ip_addresses").column("dns_name").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.drop(index: "ip_addresses_by_dns_name").run()
        try await TrigramSearch.assets.drop(on: sql)
    }
}
