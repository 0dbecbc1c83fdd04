import Domain
import Foundation
import Prometheus
import Vapor

/// Security headers on every response. The policy forbids inline script and any foreign origin: every asset is
/// served by Quartermaster itself.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers: [(String, String)] = [
            (
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
            ),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if request.url.path.hasPrefix("/assets/") == false {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

/// Every state-changing form carries a CSRF token. Signed in, it must equal the session's token; before sign-in
/// (the sign-in and language forms) it must equal the `qm_csrf` cookie set with the form (double submit).
/// API calls with a bearer token need none: a browser never attaches one by itself.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "qm_csrf"
    static let fieldName = "_csrf"
    static let headerName = "X-CSRF-Token"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let unsafe = ![.GET, .HEAD, .OPTIONS].contains(request.method)
        // A heartbeat URL carries its own secret and acts for no signed-in person: cron jobs POST to it without a page.
        let heartbeat = request.url.path.hasPrefix("/heartbeat/")
        // An API call with no session carries no ambient credential a forged page could borrow: its route answers
        // 401 as documented, not a CSRF refusal.
        let anonymousAPI = request.isAPI && request.principal == nil
        if unsafe, !heartbeat, !anonymousAPI, request.headers.bearerAuthorization == nil {
            guard let expected = request.principal?.csrfToken ?? request.cookies[Self.cookieName]?.string else { throw AppError.csrf }
            var submitted = request.headers.first(name: Self.headerName)
            if submitted == nil {
                // The token is in the form, and a form of more than a few kilobytes is still arriving when this runs:
                // collect the body first, up to the route's own limit (imports allow more than other forms).
                try await request.collectBody()
                submitted = try? request.content.get(String.self, at: Self.fieldName)
            }
            guard let submitted, Secrets.constantTimeEquals(expected, submitted) else {
                throw AppError.csrf
            }
        }
        return try await next.respond(to: request)
    }

    /// The token a page's forms must carry, setting the pre-sign-in cookie when needed.
    static func token(for request: Request, response: Response) -> String {
        if let token = request.principal?.csrfToken { return token }
        if let token = request.cookies[cookieName]?.string, token.count >= 32 { return token }
        let token = Secrets.randomToken()
        response.cookies[cookieName] = HTTPCookies.Value(
            string: token, isSecure: request.services.config.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return token
    }
}

/// Refuses what no person types before anything else reads it: a path segment longer than a file name may be (404,
/// as no such page exists; the file lookup would fail on it), and control characters in a query parameter (422
/// naming the parameter; NUL would otherwise cut a search short in storage). Form fields are checked by
/// `FormInputMiddleware` once the sender is known, JSON bodies where they are decoded (`decodeStrict`).
struct InputMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.url.path.split(separator: "/").contains(where: { $0.utf8.count > 255 }) { throw AppError.notFound }
        let fields = Self.controlCharacters(inURLEncoded: request.url.query ?? "")
        if !fields.isEmpty { throw ValidationFailure(fields.map { FieldError(field: $0, code: .controlCharacters) }) }
        return try await next.respond(to: request)
    }

    /// The names of `name=value` pairs whose name or decoded value holds a control character.
    static func controlCharacters(inURLEncoded text: String) -> [String] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            let name = parts.first.flatMap { $0 } ?? String(pair)
            let value = parts.count > 1 ? parts[1] ?? "" : ""
            return Validate.hasControlCharacters(name) || Validate.hasControlCharacters(value) ? name : nil
        }
    }
}

/// Control characters in a posted form's fields are refused (422 naming the field), as in a query.
struct FormInputMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.headers.contentType == .urlEncodedForm, ![.GET, .HEAD].contains(request.method) {
            try await request.collectBody()
            let fields = InputMiddleware.controlCharacters(inURLEncoded: request.body.string ?? "")
            if !fields.isEmpty { throw ValidationFailure(fields.map { FieldError(field: $0, code: .controlCharacters) }) }
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// Collects a body that is still arriving, up to the route's own limit (imports allow more than other forms), so
    /// middleware can read a form before the handler runs.
    func collectBody() async throws {
        guard body.data == nil else { return }
        let limit = route?.bodyLimit ?? application.routes.defaultMaxBodySize
        _ = try await body.collect(max: limit.value).get()
    }
}

/// Counts requests and measures latency per route pattern (never per concrete path, so ids don't explode the series).
struct MetricsMiddleware: AsyncMiddleware {
    static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        var status = "500"
        defer {
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
            let labels = [("method", request.method.rawValue), ("route", route), ("status", status)]
            let registry = request.services.metrics
            registry.makeCounter(descriptor: MetricNames.httpRequests, labels: labels).increment()
            registry.makeDurationHistogram(
                descriptor: MetricNames.httpDuration, labels: [("method", request.method.rawValue), ("route", route)], buckets: Self.buckets
            ).recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        }
        let response = try await next.respond(to: request)
        status = String(response.status.code)
        return response
    }
}

/// Echoes the request id that Vapor puts on every log line, so a user's report can be matched to the logs.
struct RequestIDMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        return response
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
