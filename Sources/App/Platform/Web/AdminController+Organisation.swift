import Domain
import Fluent
import Foundation
import Vapor

/// The organisation settings: name, default language and currency, time zone, fiscal year and asset tag prefix.
extension AdminController {
    struct OrganisationContent: Encodable {
        let name: String
        let languages: [KeyedChoice]
        let currencies: [KeyedChoice]
        let months: [KeyedChoice]
        let assetTagPrefix: String
        let timeZone: String
        let timeZones: [String]
        let version: Int
        let canManage: Bool
        let errors: [String: String]
        let stale: Bool
    }

    struct OrganisationForm: Content {
        var name: String
        var defaultLanguage: String
        var timeZone: String
        var defaultCurrency: String
        var fiscalYearStartMonth: Int
        /// Optional: a form without the field leaves the prefix as it is.
        var assetTagPrefix: String?
        var version: Int

        init(_ settings: OrganisationSettings) {
            name = settings.name
            defaultLanguage = settings.defaultLanguage
            timeZone = settings.timeZone
            defaultCurrency = settings.defaultCurrency
            fiscalYearStartMonth = settings.fiscalYearStartMonth
            assetTagPrefix = settings.assetTagPrefix
            version = settings.version
        }
    }

    func organisation(_ req: Request) async throws -> Response {
        let settings = try await OrganisationSettings.current(on: req.db)
        return try await organisationPage(
            req,
            form: .init(settings))
    }

    private func organisationPage(
        _ req: Request, form: OrganisationForm, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let content = OrganisationContent(
            name: form.name,
            languages: Language.allCases.map {
                .init(value: $0.rawValue, labelKey: "language.\($0.rawValue)", selected: $0.rawValue == form.defaultLanguage)
            },
            currencies: Currency.all.map {
                .init(value: $0.code, labelKey: "currency.\($0.code)", selected: $0.code == form.defaultCurrency)
            },
            months: (1...12).map { .init(value: String($0), labelKey: "month.\($0)", selected: $0 == form.fiscalYearStartMonth) },
            assetTagPrefix: form.assetTagPrefix ?? "", timeZone: form.timeZone, timeZones: TimeZone.knownTimeZoneIdentifiers.sorted(),
            version: form.version,
            canManage: req.may(.manageOrganisation), errors: req.fieldMessages(errors),
            stale: stale)
        return try await req.page("admin/organisation", titleKey: "organisation.title", content, status: status)
    }

    func updateOrganisation(_ req: Request) async throws -> Response {
        let form = try req.content.decode(OrganisationForm.self)
        return try await req.submit {
            _ = try await OrganisationSettingsService(app: req.application, actor: req.auditActor).update(
                expectedVersion: form.version,
                .init(
                    name: form.name, defaultLanguage: form.defaultLanguage, timeZone: form.timeZone, defaultCurrency: form.defaultCurrency,
                    fiscalYearStartMonth: form.fiscalYearStartMonth, assetTagPrefix: form.assetTagPrefix))
            return req.redirect(to: Paths.adminOrganisation.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await organisationPage(req, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            let settings = try await OrganisationSettings.current(on: req.db)
            return try await organisationPage(
                req,
                form: .init(settings),
                stale: true, status: .conflict)
        }
    }
}
