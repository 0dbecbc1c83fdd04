import Domain
import Fluent
import Foundation
import SQLKit

struct CreateAssets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await database.schema("organisation").field("asset_tag_prefix", .string, .required, .sql(.default("QM-"))).update()
        try await database.schema("manufacturers")
            .id()
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name_key")
            .create()
        try await database.schema("asset_models")
            .id()
            .field("manufacturer_id", .uuid, .required, .references("manufacturers", "id"))
            .field("name", .string, .required)
            .field("type", .string, .required)
            .field("end_of_life", .string)
            .field("lifetime_months", .int)
            .field("list_price_minor", .int64)
            .field("list_price_currency", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "manufacturer_id", "name")
            .create()
        try await database.schema("assets")
            .id()
            .field("tag", .string, .required)
            .field("tag_key", .string, .required)
            .field("name", .string, .required)
            .field("serial", .string)
            .field("imei", .string)
            .field("model_id", .uuid, .required, .references("asset_models", "id"))
            .field("type", .string, .required)
            .field("status", .string, .required)
            .field("site_id", .uuid, .references("sites", "id"))
            .field("room_id", .uuid, .references("rooms", "id"))
            .field("assigned_employee_id", .uuid, .references("employees", "id"))
            .field("assigned_site_id", .uuid, .references("sites", "id"))
            .field("assigned_at", .datetime)
            .field("receipt_confirmed_at", .datetime)
            .field("purchase_date", .string)
            .field("purchase_cost_minor", .int64)
            .field("purchase_cost_currency", .string)
            .field("supplier", .string, .required)
            .field("order_number", .string, .required)
            .field("cost_centre_id", .uuid, .references("cost_centres", "id"))
            .field("warranty_end", .string)
            .field("notes", .string, .required)
            .field("search_text", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "tag_key")
            .create()
        // The list's filters and sorts, each ending in the tag so that pages are stable (the tag's own order is its unique index); and the holder's own view.
        for (name, columns) in [
            ("assets_by_status", ["status", "tag_key"]), ("assets_by_type", ["type", "tag_key"]),
            ("assets_by_site", ["site_id", "tag_key"]), ("assets_by_model", ["model_id", "tag_key"]),
            ("assets_by_employee", ["assigned_employee_id", "tag_key"]), ("assets_serial", ["serial"]),
        ] {
            var index = sql.create(index: SQLIdentifier(name)).on("assets")
            for column in columns { index = index.column(column) }
            try await index.run()
        }
        try await database.schema("asset_events")
            .id()
            .field("asset_id", .uuid, .required, .references("assets", "id"))
            .field("sequence", .int, .required)
            .field("occurred_at", .datetime, .required)
            .field("actor", .string, .required)
            .field("kind", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string)
            .field("employee_id", .uuid, .references("employees", "id"))
            .field("site_id", .uuid, .references("sites", "id"))
            .field("reason", .string, .required)
            .field("disposal_method", .string)
            .field("data_wipe_confirmed", .bool, .required)
            .unique(on: "asset_id", "sequence")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("asset_events").delete()
        try await database.schema("assets").delete()
        try await database.schema("asset_models").delete()
        try await database.schema("manufacturers").delete()
        try await database.schema("organisation").deleteField("asset_tag_prefix").update()
    }
}
