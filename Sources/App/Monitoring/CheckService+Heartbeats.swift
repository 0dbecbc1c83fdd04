import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// Heartbeats: their secret URL, and the calls jobs make to it.
extension CheckService {
    /// Gives a heartbeat a new URL; the old one stops working at once.
    func renewToken(_ id: UUID) async throws -> Check {
        let box = app.services.secretBox
        return try await app.updateAudited(Check.self, id: id, expectedVersion: nil, actor: actor, action: "renew_token") { check, _ in
            guard check.kind == .heartbeat else { throw ValidationFailure([FieldError(field: "kind", code: .invalid)]) }
            try Self.setToken(check, box: box)
        }
    }

    func setToken(_ check: Check) throws { try Self.setToken(check, box: app.services.secretBox) }

    static func setToken(_ check: Check, box: SecretBox) throws {
        let token = Secrets.randomToken()
        check.heartbeatTokenSealed = try box.seal(token, boundTo: Check.tokenContext(check.id!))
        check.heartbeatTokenHash = tokenHash(token)
    }

    static func tokenHash(_ token: String) -> String { Secrets.hash(token) }

    /// The heartbeat URL's token, for those who manage checks.
    func token(of check: Check) -> String? {
        check.heartbeatTokenSealed.flatMap { try? app.services.secretBox.open($0, boundTo: Check.tokenContext(check.id!)) }
    }

    /// A job called its heartbeat URL: the call is recorded, and a heartbeat that was down is judged at once so its
    /// recovery is not a minute late. Returns false for an unknown token.
    func heartbeat(token: String) async throws -> Bool {
        let hash = Self.tokenHash(token)
        guard let check = try await Check.query(on: app.db).filter(\.$heartbeatTokenHash == hash).first(), check.enabled else {
            return false
        }
        let now = app.services.clock.now()
        let id = check.id!
        let wasDown = try await app.write(appendsToAuditTrail: false) { db in
            let record = try await ResultRecorder.lockedStates([id], on: db)[id] ?? CheckStateRecord(checkID: id)
            record.lastCallAt = now
            if record.$id.exists { try await record.update(on: db) } else { try await record.create(on: db) }
            return record.status.isProblem
        }
        if wasDown { try await ResultRecorder(app: app).record([PendingResult(checkID: id, at: now, result: nil)], owner: nil) }
        return true
    }
}
