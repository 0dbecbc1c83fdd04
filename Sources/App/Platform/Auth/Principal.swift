import Domain
import Fluent
import Foundation
import Vapor

/// Who is making the request, and how they proved it.
struct Principal: Sendable {
    enum Credential: Sendable {
        case session(id: UUID, csrfToken: String)
        case token(id: UUID, label: String, scope: APIToken.Scope)
    }

    let userID: UUID
    let email: String
    let name: String
    let role: Role
    let language: Language?
    let credential: Credential

    var csrfToken: String? {
        if case .session(_, let token) = credential { return token }
        return nil
    }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }
}

/// Reads a bearer token or the session cookie and sets `request.principal`. It never rejects a request by itself,
/// except for a bearer token that is unknown, expired or revoked (401): a client that sent credentials expects them
/// to count. Whether a route needs a principal is `RequireAction`'s decision.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "qm_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let now = request.now
        if let bearer = request.headers.bearerAuthorization?.token {
            guard let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == Secrets.hash(bearer)).with(\.$user).first(),
                token.isUsable(at: now), !token.user.disabled
            else { throw AppError.unauthenticated }
            if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                token.lastUsedAt = now
                try await request.application.write(appendsToAuditTrail: false) { db in try await token.update(on: db) }
            }
            request.principal = Principal(
                user: token.user, credential: .token(id: try token.requireID(), label: token.label, scope: token.scope))
        } else if let raw = request.cookies[Self.sessionCookie]?.string,
            let session = try await UserSession.query(on: request.db).filter(\.$tokenHash == Secrets.hash(raw)).with(\.$user).first()
        {
            let lifetime = request.services.sessionLifetime
            if lifetime.isExpired(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) || session.user.disabled {
                try await request.application.write(appendsToAuditTrail: false) { db in try await session.delete(on: db) }
            } else {
                // Record activity at most once a minute: idle expiry needs no finer grain, and reads stay reads.
                if now.timeIntervalSince(session.lastSeenAt) > 60 {
                    session.lastSeenAt = now
                    try await request.application.write(appendsToAuditTrail: false) { db in try await session.update(on: db) }
                }
                request.principal = Principal(
                    user: session.user, credential: .session(id: try session.requireID(), csrfToken: session.csrfToken))
            }
        }
        return try await next.respond(to: request)
    }
}

extension Principal {
    init(user: User, credential: Credential) {
        self.init(
            userID: user.id!, email: user.email, name: user.name, role: user.role, language: user.language, credential: credential)
    }
}

extension AppServices {
    var sessionLifetime: SessionLifetime {
        SessionLifetime(idle: TimeInterval(config.sessionIdleMinutes * 60), absolute: TimeInterval(config.sessionAbsoluteHours * 3600))
    }
}

/// Guards one route with the action it declared. 401 (API) or a redirect to sign-in (pages) without a principal;
/// 403 when the role may not, or a read-only token tries to write; each denial is audited.
struct RequireAction: AsyncMiddleware {
    let action: Action

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let principal = request.principal else {
            if request.isAPI { throw AppError.unauthenticated }
            let target = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
            return request.redirect(
                to: Paths.signIn.path + "?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        let isWrite = ![.GET, .HEAD, .OPTIONS].contains(request.method)
        guard request.services.permissions.allows(principal.role, action) else {
            try await record(request, "auth.denied", ["action": AuditChange(before: nil, after: action.rawValue)])
            throw AppError.forbidden
        }
        if case .token(_, _, let scope) = principal.credential, isWrite {
            guard scope == .readWrite else {
                try await record(request, "auth.denied", ["scope": AuditChange(before: nil, after: "read")])
                throw AppError.tokenScope
            }
            try await record(request, "token.write", ["route": AuditChange(before: nil, after: "\(request.method) \(request.url.path)")])
        }
        return try await next.respond(to: request)
    }

    private func record(_ request: Request, _ auditAction: String, _ changes: [String: AuditChange]) async throws {
        let actor = request.auditActor
        let now = request.now
        try await request.application.write { db in
            try await AuditLog.append(
                on: db, actor: actor, action: auditAction, entityType: "route", entityID: request.url.path, changes: changes, at: now)
        }
    }
}
