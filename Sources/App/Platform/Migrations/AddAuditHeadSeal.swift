import Domain
import Fluent
import Foundation

/// The head's seal column (issue 18): the chain alone cannot tell a trail cut short, or rewritten with every hash
/// recomputed, from an honest one; the seal, made with a key kept outside the database, can.
struct AddAuditHeadSeal: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_head").field("seal", .string).update()
    }

    /// Loses the seal; the next change makes a new one.
    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").deleteField("seal").update()
    }
}
