import Domain
import Foundation
import Vapor

struct OrganisationDTO: Content {
    let name: String
    let defaultLanguage: String
    let timeZone: String
    let defaultCurrency: String
    let fiscalYearStartMonth: Int
    let assetTagPrefix: String
    let version: Int
    let updatedAt: Date

    init(_ settings: OrganisationSettings) {
        name = settings.name
        defaultLanguage = settings.defaultLanguage
        timeZone = settings.timeZone
        defaultCurrency = settings.defaultCurrency
        fiscalYearStartMonth = settings.fiscalYearStartMonth
        assetTagPrefix = settings.assetTagPrefix
        version = settings.version
        updatedAt = settings.updatedAt
    }

    static let schema = JSONSchema.object(
        properties: [
            "name": .string(), "defaultLanguage": .string(enumeration: Language.allCases.map(\.rawValue)), "timeZone": .string(),
            "defaultCurrency": .string(enumeration: Currency.all.map(\.code)), "fiscalYearStartMonth": .integer(minimum: 1, maximum: 12),
            "assetTagPrefix": .string(), "version": .integer(minimum: 1), "updatedAt": .string(format: "date-time"),
        ],
        required: [
            "name", "defaultLanguage", "timeZone", "defaultCurrency", "fiscalYearStartMonth", "assetTagPrefix", "version", "updatedAt",
        ])
}

struct UpdateOrganisationBody: APIRequestBody {
    let name: String?
    let defaultLanguage: String?
    let timeZone: String?
    let defaultCurrency: String?
    let fiscalYearStartMonth: Int?
    let assetTagPrefix: String?

    static let fieldNames: Set<String> = [
        "name", "defaultLanguage", "timeZone", "defaultCurrency", "fiscalYearStartMonth", "assetTagPrefix",
    ]

    func validate() -> [FieldError] { [] }  // Checked by OrganisationSettingsService, the one place for these rules.

    static let schema = JSONSchema.object(
        properties: [
            "name": .string(), "defaultLanguage": .string(enumeration: Language.allCases.map(\.rawValue)), "timeZone": .string(),
            "defaultCurrency": .string(enumeration: Currency.all.map(\.code)), "fiscalYearStartMonth": .integer(minimum: 1, maximum: 12),
            "assetTagPrefix": .string(),
        ],
        required: [])
}
