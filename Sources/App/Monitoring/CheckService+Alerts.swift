import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

extension CheckService {
    /// Someone takes an open alert on: its notices stop until it recovers; the comment says who does what.
    func acknowledge(_ alertID: UUID, comment: String) async throws -> Alert {
        let now = app.services.clock.now()
        let actor = self.actor
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard comment.count <= 1000 else { throw ValidationFailure([FieldError(field: "comment", code: .tooLong)]) }
        return try await app.write { db in
            guard let alert = try await Alert.find(alertID, on: db) else { throw AppError.notFound }
            guard alert.closedAt == nil, alert.acknowledgedAt == nil else {
                throw ValidationFailure([FieldError(field: "alert", code: .transitionNotAllowed)])
            }
            let states = try await ResultRecorder.lockedStates([alert.checkID], on: db)
            if let record = states[alert.checkID], let next = record.state.acknowledging() {
                record.apply(next)
                try await record.update(on: db)
            }
            (alert.acknowledgedAt, alert.acknowledgedBy, alert.comment) = (now, actor.label, comment)
            try await alert.update(on: db)
            try await AlertEvent(alertID: alertID, at: now, kind: .acknowledged, detail: actor.label).create(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "alert.acknowledge", entityType: "alert", entityID: alertID.uuidString,
                changes: ["acknowledged": AuditChange(before: nil, after: comment.isEmpty ? "yes" : comment)], at: now)
            return alert
        }
    }
}
