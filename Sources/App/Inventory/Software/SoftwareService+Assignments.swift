import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Seats: giving a licence's seats to employees or assets, and taking them back.
extension SoftwareService {
    // MARK: Assignments

    /// Gives a seat to an employee (by employee number) or a device (by asset tag), whichever the licence counts.
    func assign(licence licenceID: UUID, employeeNumber: String?, assetTag: String?) async throws -> LicenceAssignment {
        let (now, actor) = (app.services.clock.now(), actor)
        return try await app.write { db in
            guard let licence = try await Licence.find(licenceID, on: db) else { throw AppError.notFound }
            let assignment = LicenceAssignment()
            assignment.licenceID = licenceID
            assignment.assignedAt = now
            assignment.assignedBy = actor.label
            let subject: String
            switch licence.kind {
            case .site:
                throw ValidationFailure([FieldError(field: "assignee", code: .invalid)])
            case .perDevice:
                let key = (assetTag ?? "").trimmingCharacters(in: .whitespaces).uppercased()
                guard !key.isEmpty else { throw ValidationFailure([FieldError(field: "assetTag", code: .required)]) }
                guard let asset = try await Asset.query(on: db).filter(\.$tagKey == key).first() else {
                    throw ValidationFailure([FieldError(field: "assetTag", code: .notFound)])
                }
                assignment.assetID = asset.id
                subject = asset.tag
                if try await LicenceAssignment.query(on: db).filter(\.$licenceID == licenceID).filter(\.$assetID == asset.id!).first()
                    != nil
                {
                    throw ValidationFailure([FieldError(field: "assetTag", code: .taken)])
                }
            case .perUser, .subscription, .concurrent:
                guard let employee = try await Employee.byNumber(employeeNumber ?? "", field: "employeeNumber", on: db) else {
                    throw ValidationFailure([FieldError(field: "employeeNumber", code: .required)])
                }
                assignment.employeeID = employee.id
                subject = "\(employee.employeeNumber) \(employee.fullName)"
                if try await LicenceAssignment.query(on: db).filter(\.$licenceID == licenceID).filter(\.$employeeID == employee.id!).first()
                    != nil
                {
                    throw ValidationFailure([FieldError(field: "employeeNumber", code: .taken)])
                }
            }
            let taken = try await LicenceAssignment.query(on: db).filter(\.$licenceID == licenceID).count()
            if let seats = licence.seats, taken >= seats {
                throw ValidationFailure([FieldError(field: "assignee", code: .noSeatsLeft)])
            }
            try await assignment.create(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "licence.assign", entityType: Licence.auditEntityType, entityID: licenceID.uuidString,
                changes: ["assignee": AuditChange(before: nil, after: subject)], at: now)
            return assignment
        }
    }

    func unassign(_ id: UUID) async throws {
        let (now, actor) = (app.services.clock.now(), actor)
        try await app.write { db in
            guard let assignment = try await LicenceAssignment.find(id, on: db) else { throw AppError.notFound }
            let subject = try await Self.assigneeLabel(assignment, on: db)
            try await assignment.delete(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "licence.unassign", entityType: Licence.auditEntityType,
                entityID: assignment.licenceID.uuidString, changes: ["assignee": AuditChange(before: subject, after: nil)], at: now)
        }
    }

    static func assigneeLabel(_ assignment: LicenceAssignment, on db: any Database) async throws -> String {
        if let employeeID = assignment.employeeID, let employee = try await Employee.find(employeeID, on: db) {
            return "\(employee.employeeNumber) \(employee.fullName)"
        }
        if let assetID = assignment.assetID, let asset = try await Asset.find(assetID, on: db) { return asset.tag }
        return ""
    }
}
