import Fluent

/// The columns each person chose per list (issue 20's column chooser), as `ListColumns.Choices` text.
struct AddUserListColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("list_columns", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("list_columns").update()
    }
}
