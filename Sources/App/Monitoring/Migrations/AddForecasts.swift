import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

struct AddForecasts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        for column in ["min_value", "avg_value", "max_value"] {
            try await database.schema("check_hours").field(.definition(name: .key(.string(column)), dataType: .int, constraints: []))
                .update()
        }
        try await database.schema("check_forecasts")
            .field("id", .uuid, .identifier(auto: false))
            .field("metric", .string, .required)
            .field("current", .double, .required)
            .field("threshold", .int, .required)
            .field("crossing", .datetime)
            .field("slope_per_day", .double, .required)
            .field("fit", .double, .required)
            .field("since", .datetime, .required)
            .field("points", .int, .required)
            .field("computed_at", .datetime, .required)
            .create()
    }

    /// Loses the forecasts (the next job run makes them again) and the hourly values.
    func revert(on database: any Database) async throws {
        try await database.schema("check_forecasts").delete()
        for column in ["min_value", "avg_value", "max_value"] {
            try await database.schema("check_hours").deleteField(.key(.string(column))).update()
        }
    }
}
