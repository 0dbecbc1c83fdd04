import Fluent
import SQLKit

/// Money and the fiscal year join the organisation's settings.
struct AddOrganisationFinance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        try await database.schema("organisation").field("default_currency", .string, .required, .sql(.default("EUR"))).update()
        try await database.schema("organisation").field("fiscal_year_start_month", .int, .required, .sql(.default(1))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisation").deleteField("fiscal_year_start_month").update()
        try await database.schema("organisation").deleteField("default_currency").update()
    }
}
