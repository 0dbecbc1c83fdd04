import Domain
import Fluent
import Foundation
import Vapor

/// Sign-in, the dashboard and the profile.
struct WebController: Sendable {
    func root(_ req: Request) async throws -> Response {
        req.redirect(to: req.principal == nil ? Paths.signIn.path : Paths.dashboard.path)
    }

    struct SignInContent: Encodable {
        var email = ""
        var next: String
        var error: String?
    }

    func signInPage(_ req: Request) async throws -> Response {
        if req.principal != nil { return req.redirect(to: Paths.dashboard.path) }
        return try await req.page(
            "signin", titleKey: "signin.title", SignInContent(next: req.safeNext(try? req.query.get(String.self, at: "next"))))
    }

    struct SignInForm: Content {
        var email: String
        var password: String
        var next: String?
    }

    func signIn(_ req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let next = req.safeNext(form.next)
        let outcome = try await SignInService(app: req.application).signIn(
            email: form.email, password: form.password, clientAddress: req.clientAddress ?? "unknown",
            userAgent: req.headers.first(name: .userAgent))
        switch outcome {
        case .signedIn(_, let token):
            let response = req.redirect(to: next, redirectType: .normal)
            response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
                string: token, maxAge: req.services.config.sessionAbsoluteHours * 3600, path: "/",
                isSecure: req.services.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
            return response
        case .wrongCredentials:
            return try await req.page(
                "signin", titleKey: "signin.title", SignInContent(email: form.email, next: next, error: req.t("signin.failed")),
                status: .unauthorized)
        case .throttled(let retryAfter):
            let response = try await req.page(
                "signin", titleKey: "signin.title",
                SignInContent(email: form.email, next: next, error: req.t("signin.throttled", ["minutes": String((retryAfter + 59) / 60)])),
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
            return response
        }
    }

    func signOut(_ req: Request) async throws -> Response {
        if case .session(let id, _) = req.principal?.credential {
            try await SignInService(app: req.application).signOut(sessionID: id, actor: req.auditActor)
        }
        let response = req.redirect(to: Paths.signIn.path + "?done=signed_out", redirectType: .normal)
        response.cookies[AuthenticationMiddleware.sessionCookie] = .expired
        return response
    }
}
