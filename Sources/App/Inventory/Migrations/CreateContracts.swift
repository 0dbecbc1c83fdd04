import Domain
import Fluent
import Foundation
import SQLKit

struct CreateContracts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("vendors")
            .id()
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("account_number", .string, .required)
            .field("contact_name", .string, .required)
            .field("contact_email", .string, .required)
            .field("contact_phone", .string, .required)
            .field("website", .string, .required)
            .field("notes", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name_key")
            .create()
        try await database.schema("contracts")
            .id()
            .field("vendor_id", .uuid, .required, .references("vendors", "id"))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("reference", .string, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("notice_value", .int)
            .field("notice_unit", .string)
            .field("auto_renews", .bool, .required)
            .field("renewal_months", .int, .required)
            .field("cost_minor", .int64)
            .field("cost_currency", .string)
            .field("billing_period", .string, .required)
            .field("cost_centre_id", .uuid, .references("cost_centres", "id"))
            .field("notes", .string, .required)
            .field("decision", .string)
            .field("decision_note", .string)
            .field("decision_for_end", .string)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("contract_assets")
            .field("contract_id", .uuid, .required, .references("contracts", "id"))
            .field("asset_id", .uuid, .required, .references("assets", "id"))
            .unique(on: "contract_id", "asset_id")
            .create()
        try await database.sql.create(index: "contract_assets_by_asset").on("contract_assets").column("asset_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contract_assets").delete()
        try await database.schema("contracts").delete()
        try await database.schema("vendors").delete()
    }
}
