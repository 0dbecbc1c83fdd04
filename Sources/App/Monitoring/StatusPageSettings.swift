import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The status page's settings: its title and whether people who are not signed in may read it.
final class StatusPageSettings: Model, @unchecked Sendable {
    static let schema = "status_page_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "public") var isPublic: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] { ["title": title, "public": String(isPublic)] }

    static func current(on db: any Database) async throws -> StatusPageSettings {
        guard let settings = try await query(on: db).first() else { throw AppError.notMigrated }
        return settings
    }
}

extension StatusPageSettings: VersionedRecord {
    static let auditEntityType = "status_page"
    var auditLabel: String { title }
    static func auditPath(_ id: UUID) -> String? { Paths.statusPage.path }
}
