import Fluent
import SQLKit

struct CreateCostCentresAndDepartments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // owner_id and manager_id name employees, whose table refers back to departments; the service checks them.
        try await database.schema("cost_centres")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("owner_id", .uuid)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        try await database.schema("departments")
            .id()
            .field("name", .string, .required)
            .field("parent_id", .uuid, .references("departments", "id"))
            .field("manager_id", .uuid)
            .field("cost_centre_id", .uuid, .references("cost_centres", "id"))
            .field("site_id", .uuid, .references("sites", "id"))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name")
            .create()
    }

    // Loses every department and cost centre.
    func revert(on database: any Database) async throws {
        try await database.schema("departments").delete()
        try await database.schema("cost_centres").delete()
    }
}
