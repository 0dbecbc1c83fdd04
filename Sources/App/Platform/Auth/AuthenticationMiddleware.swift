import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Reads a bearer token or the session cookie and sets `request.principal`. It never rejects a request by itself,
/// except for a bearer token that is unknown, expired or revoked (401): a client that sent credentials expects them
/// to count. Whether a route needs a principal is `RequireAction`'s decision.
///
/// Every request passes here, so the credential and its user are read in one joined query into plain values.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "qm_session"

    /// A credential row joined with its user.
    struct CredentialRow: Decodable {
        let credentialId: UUID
        let label: String?
        let scope: String?
        let csrfToken: String?
        let createdAt: Date?
        let lastSeenAt: Date?
        let expiresAt: Date?
        let revokedAt: Date?
        let userId: UUID
        let email: String
        let name: String
        let role: String
        let language: String?
        let disabled: Bool
        let timeZone: String?
        let pageSize: Int?
        let colourScheme: String?

        var principalUser: (UUID, String, String, Role, Language?) {
            (userId, email, name, Role(rawValue: role) ?? .employee, language.flatMap(Language.init(rawValue:)))
        }

        var preferences: UserPreferences { UserPreferences(storedTimeZone: timeZone, pageSize: pageSize, scheme: colourScheme) }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let now = request.now
        let sql = request.db.sql
        // `/metrics` checks a bearer token of its own (QM_METRICS_TOKEN): a scraper is nobody's API token.
        if let bearer = request.headers.bearerAuthorization?.token, request.url.path != Paths.metrics.path {
            guard
                let row = try await sql.raw(
                    """
                    SELECT t.id AS "credentialId", t.label AS label, t.scope AS scope, t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt",
                           t.last_used_at AS "lastSeenAt", u.id AS "userId", u.email AS email, u.name AS name, u.role AS role,
                           u.language AS language, u.disabled AS disabled, u.time_zone AS "timeZone", u.page_size AS "pageSize",
                           u.colour_scheme AS "colourScheme"
                    FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: Secrets.hash(bearer))
                    """
                ).first(decoding: CredentialRow.self),
                row.revokedAt == nil, row.expiresAt.map({ $0 > now }) ?? true, !row.disabled
            else { throw AppError.unauthenticated }
            if row.lastSeenAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                try await request.application.write(appendsToAuditTrail: false) { db in
                    try await db.sql.update(APIToken.schema).set("last_used_at", to: SQLBind(now))
                        .where("id", .equal, SQLBind(row.credentialId)).run()
                }
            }
            let (id, email, name, role, language) = row.principalUser
            request.principal = Principal(
                userID: id, email: email, name: name, role: role, language: language, preferences: row.preferences,
                credential: .token(id: row.credentialId, label: row.label ?? "", scope: APIToken.Scope(rawValue: row.scope ?? "") ?? .read))
        } else if let raw = request.cookies[Self.sessionCookie]?.string,
            let row = try await sql.raw(
                """
                SELECT s.id AS "credentialId", s.csrf_token AS "csrfToken", s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt",
                       u.id AS "userId", u.email AS email, u.name AS name, u.role AS role, u.language AS language, u.disabled AS disabled,
                       u.time_zone AS "timeZone", u.page_size AS "pageSize", u.colour_scheme AS "colourScheme"
                FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = \(bind: Secrets.hash(raw))
                """
            ).first(decoding: CredentialRow.self),
            let createdAt = row.createdAt, let lastSeenAt = row.lastSeenAt
        {
            let lifetime = request.services.sessionLifetime
            if lifetime.isExpired(createdAt: createdAt, lastSeenAt: lastSeenAt, now: now) || row.disabled {
                try await request.application.write(appendsToAuditTrail: false) { db in
                    try await UserSession.query(on: db).filter(\.$id == row.credentialId).delete()
                }
            } else {
                // Record activity at most once a minute: idle expiry needs no finer grain, and reads stay reads.
                if now.timeIntervalSince(lastSeenAt) > 60 {
                    try await request.application.write(appendsToAuditTrail: false) { db in
                        try await db.sql.update(UserSession.schema).set("last_seen_at", to: SQLBind(now))
                            .where("id", .equal, SQLBind(row.credentialId)).run()
                    }
                }
                let (id, email, name, role, language) = row.principalUser
                request.principal = Principal(
                    userID: id, email: email, name: name, role: role, language: language, preferences: row.preferences,
                    credential: .session(id: row.credentialId, csrfToken: row.csrfToken ?? ""))
            }
        }
        return try await next.respond(to: request)
    }
}

extension AppServices {
    var sessionLifetime: SessionLifetime {
        SessionLifetime(idle: TimeInterval(config.sessionIdleMinutes * 60), absolute: TimeInterval(config.sessionAbsoluteHours * 3600))
    }
}
