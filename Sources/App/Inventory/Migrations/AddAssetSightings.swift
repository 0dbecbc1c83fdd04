import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

struct AddAssetSightings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("assets").field("last_seen_at", .datetime).update()
        try await database.sql.create(index: "assets_by_last_seen").on("assets").column("last_seen_at").run()
    }

    // Loses when each asset was last seen (the sightings stay in the assets' histories).
    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "assets_by_last_seen").run()
        try await database.schema("assets").deleteField("last_seen_at").update()
    }
}
