import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Licences: recording and changing them, and revealing a stored key.
extension SoftwareService {
    // MARK: Licences

    func createLicence(_ input: LicenceInput) async throws -> Licence {
        try InputCheck.check(input.validate())
        let licence = Licence()
        licence.id = UUID()  // sealing the key binds it to the id
        try input.apply(to: licence, box: app.services.secretBox)
        licence.createdAt = app.services.clock.now()
        return try await app.createAudited(licence, actor: actor) { db in try await input.checkReferences(on: db) }
    }

    func updateLicence(_ id: UUID, expectedVersion: Int?, _ input: LicenceInput) async throws -> Licence {
        try InputCheck.check(input.validate())
        let box = app.services.secretBox
        return try await app.updateAudited(Licence.self, id: id, expectedVersion: expectedVersion, actor: actor) { licence, db in
            try await input.checkReferences(on: db)
            let assigned = try await LicenceAssignment.query(on: db).filter(\.$licenceID == id).count()
            if let seats = input.seats, LicenceKind(rawValue: input.kind)?.hasSeats == true, seats < assigned {
                throw ValidationFailure([FieldError(field: "seats", code: .belowAssigned)])
            }
            if LicenceKind(rawValue: input.kind) != licence.kind, assigned > 0 {
                throw ValidationFailure([FieldError(field: "kind", code: .inUse)])
            }
            let before = licence.keySealed
            try input.apply(to: licence, box: box)
            // A re-entered identical key is no change; a new seal of it would show as one.
            if let before, let after = licence.keySealed, input.key != nil,
                (try? box.open(before, boundTo: id.uuidString)) == (try? box.open(after, boundTo: id.uuidString))
            {
                licence.keySealed = before
            }
        }
    }

    /// The licence key in clear, for someone allowed to see it; the reveal itself is audited.
    func revealKey(_ id: UUID) async throws -> String? {
        let (now, actor, box) = (app.services.clock.now(), actor, app.services.secretBox)
        return try await app.write { db in
            guard let licence = try await Licence.find(id, on: db) else { throw AppError.notFound }
            guard let sealed = licence.keySealed else { return nil }
            let key = try box.open(sealed, boundTo: id.uuidString)
            try await AuditLog.append(
                on: db, actor: actor, action: "licence.reveal_key", entityType: Licence.auditEntityType, entityID: id.uuidString, at: now)
            return key
        }
    }
}
