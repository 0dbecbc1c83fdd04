import Domain
import Fluent
import Foundation
import SQLKit

/// Import events carried the English reason "CSV import"; they are marked as imported instead, so every reader sees
/// it in their own language.
struct AddAssetEventImportMark: AsyncMigration {
    static let oldReason = "CSV import"

    func prepare(on database: any Database) async throws {
        try await database.schema("asset_events").field("via_import", .bool, .required, .sql(.default(false))).update()
        try await database.sql.update("asset_events").set("via_import", to: true).set("reason", to: "")
            .where("reason", .equal, Self.oldReason).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.update("asset_events").set("reason", to: Self.oldReason)
            .where("via_import", .equal, true).where("kind", .notEqual, "created").run()
        try await database.schema("asset_events").deleteField("via_import").update()
    }
}
