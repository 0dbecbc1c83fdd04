import Domain
import Fluent
import Foundation
import Vapor

struct OrganisationSettingsService: Sendable {
    let app: Application
    let actor: AuditActor

    struct Changes: Sendable {
        var name: String?
        var defaultLanguage: String?
        var timeZone: String?
        var defaultCurrency: String? = nil
        var fiscalYearStartMonth: Int? = nil
        var assetTagPrefix: String? = nil
    }

    func update(expectedVersion: Int, _ changes: Changes) async throws -> OrganisationSettings {
        var errors: [FieldError] = []
        if let name = changes.name, let error = Validate.required(name, field: "name") { errors.append(error) }
        if let language = changes.defaultLanguage, Language(rawValue: language) == nil {
            errors.append(FieldError(field: "defaultLanguage", code: .languageUnknown))
        }
        if let zone = changes.timeZone, TimeZone(identifier: zone) == nil {
            errors.append(FieldError(field: "timeZone", code: .timeZoneUnknown))
        }
        if let currency = changes.defaultCurrency, Currency(code: currency) == nil {
            errors.append(FieldError(field: "defaultCurrency", code: .currencyUnknown))
        }
        if let month = changes.fiscalYearStartMonth, !(1...12).contains(month) {
            errors.append(FieldError(field: "fiscalYearStartMonth", code: .outOfRange))
        }
        if let prefix = changes.assetTagPrefix { errors += AssetTag.prefixProblems(prefix.trimmingCharacters(in: .whitespaces)) }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let now = app.services.clock.now()
        let actor = self.actor
        let settings = try await app.write { db in
            let settings = try await OrganisationSettings.current(on: db)
            guard settings.version == expectedVersion else { throw AppError.preconditionFailed }
            let before = settings.auditFields
            if let name = changes.name { settings.name = name.trimmingCharacters(in: .whitespaces) }
            if let language = changes.defaultLanguage { settings.defaultLanguage = language }
            if let zone = changes.timeZone { settings.timeZone = zone }
            if let currency = changes.defaultCurrency.flatMap(Currency.init(code:)) { settings.defaultCurrency = currency.code }
            if let month = changes.fiscalYearStartMonth { settings.fiscalYearStartMonth = month }
            if let prefix = changes.assetTagPrefix { settings.assetTagPrefix = prefix.trimmingCharacters(in: .whitespaces) }
            let diff = AuditLog.diff(before: before, after: settings.auditFields)
            guard !diff.isEmpty else { return settings }
            settings.version += 1
            settings.updatedAt = now
            try await settings.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "organisation.update", entityType: "organisation", entityID: "1", changes: diff, at: now)
            return settings
        }
        await app.services.organisation.invalidate()
        return settings
    }
}
