import Domain
import Fluent
import Foundation

/// The one row of organisation-wide settings.
final class OrganisationSettings: Model, @unchecked Sendable {
    static let schema = "organisation"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "default_language") var defaultLanguage: String
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "default_currency") var defaultCurrency: String
    @Field(key: "fiscal_year_start_month") var fiscalYearStartMonth: Int
    /// What generated asset tags start with ("QM-" gives QM-000001).
    @Field(key: "asset_tag_prefix") var assetTagPrefix: String
    @Field(key: "version") var version: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    static func current(on db: any Database) async throws -> OrganisationSettings {
        guard let settings = try await OrganisationSettings.find(1, on: db) else {
            throw AppError.notMigrated
        }
        return settings
    }

    var auditFields: [String: String] {
        [
            "name": name, "default_language": defaultLanguage, "time_zone": timeZone, "default_currency": defaultCurrency,
            "fiscal_year_start_month": String(fiscalYearStartMonth), "asset_tag_prefix": assetTagPrefix,
        ]
    }
}
