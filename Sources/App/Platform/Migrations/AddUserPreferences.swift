import Fluent

/// Each person's display choices (issue 20): their time zone, rows per page and colour scheme; empty means the default.
/// One column per statement, as SQLite adds them.
struct AddUserPreferences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("time_zone", .string).update()
        try await database.schema("users").field("page_size", .int).update()
        try await database.schema("users").field("colour_scheme", .string).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["colour_scheme", "page_size", "time_zone"] {
            try await database.schema("users").deleteField(.string(column)).update()
        }
    }
}
