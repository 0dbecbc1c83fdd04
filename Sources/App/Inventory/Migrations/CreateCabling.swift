import Domain
import Fluent
import Foundation
import SQLKit

struct CreateCabling: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema("network_interfaces")
            .id()
            .field("asset_id", .uuid, .references("assets", "id"))
            .field("room_id", .uuid, .references("rooms", "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("speed_mbps", .int)
            .field("mac", .string)
            .field("description", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "asset_id", "name")
            .unique(on: "room_id", "name")
            .create()
        try await sql.create(index: "network_interfaces_by_mac").on("network_interfaces").column("mac").run()
        try await database.schema("cables")
            .id()
            .field("label", .string, .required)
            .field("label_key", .string, .required)
            .field("kind", .string, .required)
            .field("length_cm", .int)
            .field("colour", .string, .required)
            .field("a_interface_id", .uuid, .required, .references("network_interfaces", "id"))
            .field("a_side", .string, .required)
            .field("b_interface_id", .uuid, .required, .references("network_interfaces", "id"))
            .field("b_side", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "label_key")
            .create()
        // One cable per interface end, whichever end of the cable it is: both are listed here, under one unique key.
        try await database.schema("cable_ends")
            .field("cable_id", .uuid, .required, .references("cables", "id"))
            .field("interface_id", .uuid, .required, .references("network_interfaces", "id"))
            .field("side", .string, .required)
            .unique(on: "interface_id", "side")
            .create()
        try await sql.create(index: "cable_ends_by_cable").on("cable_ends").column("cable_id").run()
        try await database.schema("racks")
            .id()
            .field("site_id", .uuid, .required, .references("sites", "id"))
            .field("room_id", .uuid, .references("rooms", "id"))
            .field("name", .string, .required)
            .field("height_u", .int, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "site_id", "name")
            .create()
        try await database.schema("rack_placements")
            .id()
            .field("rack_id", .uuid, .required, .references("racks", "id"))
            .field("asset_id", .uuid, .required, .references("assets", "id"))
            .field("position", .int, .required)
            .field("height_u", .int, .required)
            .unique(on: "asset_id")
            .create()
        // No foreign key here: SQLite cannot add one to an existing table; the service checks the interface exists.
        try await database.schema("ip_addresses").field("interface_id", .uuid).update()
        try await sql.create(index: "ip_addresses_by_interface").on("ip_addresses").column("interface_id").run()
    }

    // Loses every interface, cable, rack and placement, and the addresses' interfaces.
    func revert(on database: any Database) async throws {
        let sql = database.sql
        try await sql.drop(index: "ip_addresses_by_interface").run()
        try await database.schema("ip_addresses").deleteField("interface_id").update()
        try await database.schema("rack_placements").delete()
        try await database.schema("racks").delete()
        try await database.schema("cable_ends").delete()
        try await database.schema("cables").delete()
        try await database.schema("network_interfaces").delete()
    }
}
