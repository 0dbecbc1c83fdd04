import Domain
import Vapor

/// Every error a user or client can see: a stable machine code, an HTTP status, and a catalogue key for the title.
struct AppError: Error, Sendable {
    let code: String
    let status: HTTPStatus
    var fieldErrors: [FieldError] = []
    var headers: HTTPHeaders = [:]

    var titleKey: String { "error.\(code)" }

    static let unauthenticated = AppError(code: "unauthenticated", status: .unauthorized)
    static let forbidden = AppError(code: "forbidden", status: .forbidden)
    static let tokenScope = AppError(code: "token_scope", status: .forbidden)
    static let notFound = AppError(code: "not_found", status: .notFound)
    static let csrf = AppError(code: "csrf", status: .forbidden)
    static let malformedBody = AppError(code: "malformed_body", status: .badRequest)
    static let unsupportedMediaType = AppError(code: "unsupported_media_type", status: .unsupportedMediaType)
    static let payloadTooLarge = AppError(code: "payload_too_large", status: .payloadTooLarge)
    static let preconditionFailed = AppError(code: "stale_version", status: .preconditionFailed)
    static let preconditionRequired = AppError(code: "if_match_required", status: .preconditionRequired)
    static let notMigrated = AppError(code: "not_migrated", status: .serviceUnavailable)
    static let conflict = AppError(code: "conflict", status: .conflict)
    static let methodNotAllowed = AppError(code: "method_not_allowed", status: .methodNotAllowed)
    static let internalError = AppError(code: "internal", status: .internalServerError)
    /// Records changed between an import's check and its commit.
    static let importStale = AppError(code: "import_stale", status: .conflict)

    /// Four eyes: the one who asked to re-identify a finding may not approve it.
    static let ownRequest = AppError(code: "own_request", status: .conflict)
    /// A re-identification request already approved or rejected.
    static let alreadyDecided = AppError(code: "already_decided", status: .conflict)

    /// Every error code there is; each has a title in every catalogue (a test checks).
    static let all: [AppError] = [
        .unauthenticated, .forbidden, .tokenScope, .notFound, .csrf, .malformedBody, .unsupportedMediaType, .payloadTooLarge,
        .preconditionFailed, .preconditionRequired, .notMigrated, .conflict, .methodNotAllowed, .internalError, .importStale, .ownRequest,
        .alreadyDecided,
        .unknownFields([]),
        .invalid(ValidationFailure([])), .throttled(retryAfter: 1),
    ]

    /// 405 with `Allow` listing the methods the path answers (HEAD wherever GET is).
    static func methodNotAllowed(allowing methods: [HTTPMethod]) -> AppError {
        let names = methods.map(\.rawValue)
        var refusal = methodNotAllowed
        refusal.headers = ["Allow": (names.contains("GET") ? names + ["HEAD"] : names).joined(separator: ", ")]
        return refusal
    }

    static func unknownFields(_ names: [String]) -> AppError {
        AppError(code: "unknown_fields", status: .badRequest, fieldErrors: names.sorted().map { FieldError(field: $0, code: .invalid) })
    }

    static func invalid(_ failure: ValidationFailure) -> AppError {
        AppError(code: "validation_failed", status: .unprocessableEntity, fieldErrors: failure.errors)
    }

    static func throttled(retryAfter seconds: Int) -> AppError {
        AppError(code: "throttled", status: .tooManyRequests, headers: ["Retry-After": String(seconds)])
    }
}

/// RFC 9457 problem details, with the field errors as an extension member.
struct ProblemDetails: Content {
    struct InvalidParam: Content {
        let name: String
        let code: String
        let reason: String
    }

    let type: String
    let title: String
    let status: Int
    let code: String
    let detail: String?
    let instance: String?
    let invalidParams: [InvalidParam]?
}

/// Turns every error into problem details (API) or an error page (web), in the reader's language. Unexpected
/// errors are logged with the request id and shown as a plain 500: never a stack trace or SQL.
struct ErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await response(for: error, request)
        }
    }

    private func response(for error: any Error, _ request: Request) async -> Response {
        let appError: AppError
        switch error {
        case let error as AppError: appError = error
        case let failure as ValidationFailure: appError = .invalid(failure)
        case let abort as any AbortError:
            switch abort.status {
            case .notFound:
                // No route: when the path exists with other methods (DELETE on a list), 405 naming them.
                let allowed = request.route == nil ? request.application.pageAccess.methods(at: request.url.path) : []
                appError = allowed.isEmpty ? .notFound : .methodNotAllowed(allowing: allowed)
            case .payloadTooLarge: appError = .payloadTooLarge
            case .unsupportedMediaType: appError = .unsupportedMediaType
            case .badRequest: appError = .malformedBody
            case .unauthorized: appError = .unauthenticated
            case .forbidden: appError = .forbidden
            case .methodNotAllowed: appError = .methodNotAllowed
            default:
                request.logger.error("request failed: \(String(reflecting: error))")
                appError = .internalError
            }
        case is DecodingError: appError = .malformedBody
        default:
            request.logger.error("request failed: \(String(reflecting: error))")
            appError = .internalError
        }
        let title = request.t(appError.titleKey)
        var response: Response
        if request.isAPI || !prefersHTML(request) {
            let problem = ProblemDetails(
                type: "https://quartermaster.invalid/problems/\(appError.code)", title: title, status: Int(appError.status.code),
                code: appError.code, detail: nil, instance: request.url.path,
                invalidParams: appError.fieldErrors.isEmpty
                    ? nil
                    : appError.fieldErrors.map { .init(name: $0.field, code: $0.code.rawValue, reason: request.message($0)) })
            response = Response(status: appError.status)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            response.body = .init(data: (try? encoder.encode(problem)) ?? Data())
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        } else {
            response = await ErrorPage.render(request, error: appError, title: title)
        }
        for (name, value) in appError.headers { response.headers.replaceOrAdd(name: name, value: value) }
        response.headers.replaceOrAdd(name: .contentLanguage, value: request.language.rawValue)
        return response
    }

    private func prefersHTML(_ request: Request) -> Bool {
        let accept = request.headers.first(name: .accept) ?? ""
        return accept.isEmpty || accept.contains("text/html") || accept.contains("*/*")
    }
}
