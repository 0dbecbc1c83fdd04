import Fluent
import Foundation
import SQLKit

struct CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisation")
            .field("id", .int, .identifier(auto: false))
            .field("name", .string, .required)
            .field("default_language", .string, .required)
            .field("time_zone", .string, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.insert(into: "organisation")
            .columns("id", "name", "default_language", "time_zone", "version", "updated_at")
            .values(SQLBind(1), SQLBind("Quartermaster"), SQLBind("en"), SQLBind("Europe/Berlin"), SQLBind(1), SQLBind(Date()))
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisation").delete()
    }
}
