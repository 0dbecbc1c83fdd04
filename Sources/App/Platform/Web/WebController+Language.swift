import Domain
import Fluent
import Foundation
import Vapor

/// The header's language switcher.
extension WebController {
    struct LanguageForm: Content {
        var language: String
        var back: String?
    }

    /// The header's switcher: remembered in a cookie, and for a signed-in user in their account too.
    func switchLanguage(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LanguageForm.self)
        guard let language = Language(rawValue: form.language) else {
            throw AppError.invalid(ValidationFailure([FieldError(field: "language", code: .languageUnknown)]))
        }
        if let principal = req.principal {
            _ = try await AccountService(app: req.application, actor: req.auditActor).update(
                principal.userID, expectedVersion: nil, .init(language: .some(language)))
        }
        let response = req.redirect(to: req.safeNext(form.back), redirectType: .normal)
        response.cookies[LanguageMiddleware.cookieName] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 86400, path: "/", isSecure: req.services.config.secureCookies, isHTTPOnly: true,
            sameSite: .lax)
        return response
    }
}
