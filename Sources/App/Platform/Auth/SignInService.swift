import Domain
import Fluent
import Foundation
import Vapor

/// Checks credentials with throttling, and opens and closes sessions.
struct SignInService: Sendable {
    let app: Application
    var throttle: LoginThrottle { LoginThrottle(maximumFailuresPerAddress: app.services.config.signInFailuresPerAddress) }

    enum Outcome: Sendable {
        case signedIn(user: User, sessionToken: String)
        case wrongCredentials
        case throttled(retryAfter: Int)
    }

    func signIn(email rawEmail: String, password: String, clientAddress: String, userAgent: String?) async throws -> Outcome {
        let email = rawEmail.normalisedEmail
        let now = app.services.clock.now()
        let windowStart = now.addingTimeInterval(-throttle.window)
        let recent = try await LoginAttempt.query(on: app.db)
            .group(.or) { $0.filter(\.$email == email).filter(\.$clientAddress == clientAddress) }
            .filter(\.$occurredAt > windowStart).sort(\.$occurredAt).all()
        // An account's failures count from its last success; an address's failures always count.
        let lastSuccess = recent.last { $0.email == email && $0.succeeded }?.occurredAt ?? .distantPast
        let accountFailures = recent.filter { $0.email == email && !$0.succeeded && $0.occurredAt > lastSuccess }.map(\.occurredAt)
        let addressFailures = recent.filter { $0.clientAddress == clientAddress && !$0.succeeded }.map(\.occurredAt)
        if case .throttled(let retryAfter) = throttle.decide(now: now, accountFailures: accountFailures, addressFailures: addressFailures) {
            return .throttled(retryAfter: retryAfter)
        }

        let user = try await User.query(on: app.db).filter(\.$email == email).first()
        let decoy = user == nil ? try await app.services.decoyPassword.value() : ""
        let matches = try await app.services.passwords.verify(password, hash: user?.passwordHash ?? decoy)
        guard let user, matches, !user.disabled else {
            let actor = AuditActor(id: user?.id?.uuidString, label: email, clientAddress: clientAddress)
            try await app.write { db in
                try await LoginAttempt(email: email, clientAddress: clientAddress, occurredAt: now, succeeded: false).create(on: db)
                try await AuditLog.append(
                    on: db, actor: actor, action: "auth.signin_failed", entityType: "user", entityID: user?.id?.uuidString, at: now)
            }
            return .wrongCredentials
        }
        let token = Secrets.randomToken()
        let userID = try user.requireID()
        let actor = AuditActor(id: userID.uuidString, label: user.email, clientAddress: clientAddress)
        try await app.write { db in
            try await LoginAttempt(email: email, clientAddress: clientAddress, occurredAt: now, succeeded: true).create(on: db)
            try await UserSession(
                tokenHash: Secrets.hash(token), userID: userID, csrfToken: Secrets.randomToken(), now: now, clientAddress: clientAddress,
                userAgent: userAgent.map { String($0.prefix(200)) }
            ).create(on: db)
            user.lastSignInAt = now
            try await user.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "auth.signin", entityType: "user", entityID: userID.uuidString, at: now)
        }
        return .signedIn(user: user, sessionToken: token)
    }

    func signOut(sessionID: UUID, actor: AuditActor) async throws {
        let now = app.services.clock.now()
        try await app.write { db in
            try await UserSession.query(on: db).filter(\.$id == sessionID).delete()
            try await AuditLog.append(on: db, actor: actor, action: "auth.signout", entityType: "user", entityID: actor.id, at: now)
        }
    }
}
