import Domain
import Fluent
import Foundation
import SQLKit

/// Outbox messages say why they failed as a code, in every language (`DeliveryProblem`).
struct AddOutboxErrorCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("notification_outbox").field("last_error_code", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notification_outbox").deleteField("last_error_code").update()
    }
}
