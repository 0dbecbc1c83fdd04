import Domain
import Fluent
import Foundation
import SQLKit

/// A deadline reminder that went out: one row per deadline and lead time, so each goes out once.
final class DeadlineReminder: Model, @unchecked Sendable {
    static let schema = "deadline_reminders"

    @ID(key: .id) var id: UUID?
    /// `kind:subject id:date:lead days`.
    @Field(key: "key") var key: String
    @Field(key: "sent_at") var sentAt: Date

    init() {}
}
