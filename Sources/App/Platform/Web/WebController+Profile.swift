import Domain
import Fluent
import Foundation
import Vapor

/// The profile: the person's account, language and password, their API tokens and calendar feed.
extension WebController {
    struct ProfileContent: Encodable {
        struct TokenRow: Encodable {
            let id: String
            let label: String
            let scopeKey: String
            let created: String
            let expires: String
            let lastUsed: String
            let revoked: Bool
        }

        let name: String
        let email: String
        let roleKey: String
        let language: String
        let languages: [LayoutContext.LanguageChoice]
        let tokens: [TokenRow]
        /// The person's maintenance calendar feed, once they made one.
        let calendarURL: String?
        var newTokenSecret: String?
        var passwordErrors: [String: String] = [:]
        var tokenErrors: [String: String] = [:]
        var tokenLabel = ""
        var display: DisplayContent
    }

    /// The display choices: time zone (the organisation's by default), rows per page and colour scheme.
    struct DisplayContent: Encodable {
        let organisationZone: String
        let zones: [Choice]
        let sizes: [Choice]
        let schemes: [Choice]
        var errors: [String: String] = [:]
    }

    static func display(_ req: Request, _ preferences: UserPreferences, errors: [String: String] = [:]) -> DisplayContent {
        let number = { req.services.localizer.number($0, req.language) }
        return DisplayContent(
            organisationZone: req.organisationTimeZone.identifier,
            zones: TimeZone.knownTimeZoneIdentifiers.sorted().map { Choice(value: $0, label: $0, selected: $0 == preferences.timeZone) },
            sizes: UserPreferences.pageSizes.map { Choice(value: String($0), label: number($0), selected: $0 == preferences.pageSize) },
            schemes: UserPreferences.ColourScheme.allCases.map {
                Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0 == preferences.scheme)
            }, errors: errors)
    }

    func profile(_ req: Request) async throws -> Response {
        try await renderProfile(req)
    }

    func renderProfile(_ req: Request, status: HTTPStatus = .ok, adjust: (inout ProfileContent) -> Void = { _ in }) async throws
        -> Response
    {
        let principal = req.principal!
        let tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == principal.userID).sort(\.$createdAt, .descending).all()
        var content = ProfileContent(
            name: principal.name, email: principal.email, roleKey: principal.role.labelKey, language: principal.language?.rawValue ?? "",
            languages: Language.allCases.map { .init(code: $0.rawValue, name: $0.nativeName, selected: $0 == principal.language) },
            tokens: tokens.map {
                .init(
                    id: $0.id!.uuidString, label: $0.label, scopeKey: "tokens.scope.\($0.scopeRaw)", created: req.dateTime($0.createdAt),
                    expires: req.dateTime($0.expiresAt),
                    lastUsed: req.dateTime($0.lastUsedAt), revoked: $0.revokedAt != nil)
            }, calendarURL: try await req.services.composition.personalCalendarURL(principal.userID, req),
            display: Self.display(req, principal.preferences))
        adjust(&content)
        return try await req.page("profile", titleKey: "profile.title", content, status: status)
    }

    struct DisplayForm: Content {
        var timeZone: String?
        var pageSize: String?
        var scheme: String?
    }

    /// Saves the display choices; a bad one is shown beside its field and nothing is saved.
    func changeDisplay(_ req: Request) async throws -> Response {
        let form = try req.content.decode(DisplayForm.self)
        switch UserPreferences.parse(timeZone: form.timeZone ?? "", pageSize: form.pageSize ?? "", scheme: form.scheme ?? "system") {
        case .failure(let failure):
            return try await renderProfile(req, status: .unprocessableEntity) { content in
                content.display.errors = req.fieldMessages(failure)
            }
        case .success(let preferences):
            _ = try await AccountService(app: req.application, actor: req.auditActor).update(
                req.principal!.userID, expectedVersion: nil, .init(preferences: preferences))
            return req.redirect(to: Paths.profile.path + "?done=saved", redirectType: .normal)
        }
    }

    func changeLanguage(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LanguageForm.self)
        let language = form.language.isEmpty ? nil : Language(rawValue: form.language)
        if !form.language.isEmpty, language == nil {
            throw AppError.invalid(ValidationFailure([FieldError(field: "language", code: .languageUnknown)]))
        }
        _ = try await AccountService(app: req.application, actor: req.auditActor).update(
            req.principal!.userID, expectedVersion: nil, .init(language: .some(language)))
        let response = req.redirect(to: Paths.profile.path + "?done=saved", redirectType: .normal)
        if let language {
            response.cookies[LanguageMiddleware.cookieName] = HTTPCookies.Value(
                string: language.rawValue, maxAge: 365 * 86400, path: "/", isSecure: req.services.config.secureCookies, isHTTPOnly: true,
                sameSite: .lax)
        }
        return response
    }

    struct PasswordForm: Content {
        var current: String
        var new: String
        var confirm: String
    }

    func changePassword(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        let principal = req.principal!
        guard let user = try await User.find(principal.userID, on: req.db) else { throw AppError.notFound }
        var failure: ValidationFailure?
        if try await !req.services.passwords.verify(form.current, hash: user.passwordHash) {
            failure = ValidationFailure([FieldError(field: "current", code: .passwordWrong)])
        } else if form.new != form.confirm {
            failure = ValidationFailure([FieldError(field: "confirm", code: .passwordMismatch)])
        } else if let error = req.services.passwordPolicy.check(form.new) {
            failure = ValidationFailure([FieldError(field: "new", code: error.code)])
        }
        if let failure {
            let messages = req.fieldMessages(failure)
            return try await renderProfile(req, status: .unprocessableEntity) { $0.passwordErrors = messages }
        }
        var keep: UUID?
        if case .session(let id, _) = principal.credential { keep = id }
        try await AccountService(app: req.application, actor: req.auditActor).setPassword(principal.userID, form.new, keepSession: keep)
        return req.redirect(to: Paths.profile.path + "?done=password_changed", redirectType: .normal)
    }
}
