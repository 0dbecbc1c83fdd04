import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// IP addresses as files carry them, matched by address; `device` and `interface` (an asset tag and one of its
/// interfaces' names) say where an address is configured.
enum AddressTable {
    static let columns = ["address", "status", "dns_name", "description", "device", "interface"]
    static let required: Set<String> = ["address"]
    static let columnOfField: [String: String] = [
        "address": "address", "status": "status", "dnsName": "dns_name", "description": "description",
    ]

    static func export(on db: any Database, format: ExportFormat) async throws -> Data {
        let records = try await IPAddressRecord.query(on: db).sort(\.$sortKey).all()
        let interfaces = try await Interfaces.load(on: db)
        return try ExportFile.encode(header: columns, rows: records.map { interfaces.row($0) }, format: format)
    }

    /// Every interface on a device, by id and by (asset tag, name).
    struct Interfaces: Sendable {
        let byID: [UUID: (tag: String, name: String)]
        let byName: [Key: UUID]

        struct Key: Hashable {
            let tagKey: String
            let name: String
        }

        static func load(on db: any Database) async throws -> Interfaces {
            struct Row: Decodable {
                let id: UUID
                let name: String
                let tag: String
            }
            let rows = try await db.sql.select()
                .column(SQLColumn("id", table: "i")).column(SQLColumn("name", table: "i")).column(SQLColumn("tag", table: "a"))
                .from(SQLAlias(SQLIdentifier(NetworkInterface.schema), as: SQLIdentifier("i")))
                .join(
                    SQLAlias(SQLIdentifier(Asset.schema), as: SQLIdentifier("a")), on: SQLColumn("asset_id", table: "i"), .equal,
                    SQLColumn("id", table: "a")
                )
                .all(decoding: Row.self)
            return Interfaces(
                byID: Dictionary(uniqueKeysWithValues: rows.map { ($0.id, (tag: $0.tag, name: $0.name)) }),
                byName: Dictionary(
                    rows.map { (Key(tagKey: $0.tag.uppercased(), name: $0.name.lowercased()), $0.id) }, uniquingKeysWith: { a, _ in a }))
        }

        func row(_ record: IPAddressRecord) -> [String] {
            let place = record.interfaceID.flatMap { byID[$0] }
            return [
                record.addressText + (record.prefixLength.map { "/\($0)" } ?? ""), record.status, record.dnsName ?? "", record.description,
                place?.tag ?? "", place?.name ?? "",
            ]
        }
    }
}
