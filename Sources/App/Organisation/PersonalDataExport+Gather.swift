import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Reading it all: the account, the employee record and equipment, usage, tokens, sessions and the audit trail.
extension PersonalDataExport {
    static func gather(for userID: UUID, box: SecretBox, on db: any Database, now: Date) async throws -> PersonalDataExport {
        guard let user = try await User.find(userID, on: db) else { throw AppError.notFound }
        let employee = try await Employee.query(on: db).filter(\.$userID == userID).first()
        var equipment: [Equipment] = []
        var usage: UsageOwnData.MineDTO?
        var access: [Access] = []
        var directoryAccount: DirectoryAccountData?
        var reviews: [ReviewDecision] = []
        if let employeeID = employee?.id {
            let held = try await Asset.query(on: db).filter(\.$assignedEmployeeID == employeeID).sort(\.$tag).all()
            let models = Dictionary(
                uniqueKeysWithValues: try await AssetModel.query(on: db).filter(\.$id ~~ Set(held.map(\.modelID))).all().map {
                    ($0.id!, $0.name)
                })
            equipment = held.map {
                Equipment(
                    tag: $0.tag, name: $0.name, model: models[$0.modelID] ?? "", type: $0.typeRaw, serial: $0.serial,
                    assignedAt: $0.assignedAt,
                    receiptConfirmedAt: $0.receiptConfirmedAt)
            }
            usage = try await UsageOwnData.of(employeeID, box: box, on: db)
            let grants = try await AccessGrant.query(on: db).filter(\.$employeeID == employeeID).sort(\.$grantedAt).all()
            let names = try await CompanyApp.auditLabels(Array(Set(grants.map(\.appID))), on: db)
            access = grants.map {
                Access(
                    application: names[$0.appID] ?? "", method: $0.methodRaw, byDefault: $0.byDefault, grantedAt: $0.grantedAt,
                    grantedBy: $0.grantedBy, note: $0.note, revokedAt: $0.revokedAt, revokedBy: $0.revokedBy, revokeNote: $0.revokeNote)
            }
            directoryAccount = try await DirectoryAccount.query(on: db).filter(\.$employeeID == employeeID).first().map {
                DirectoryAccountData(
                    username: $0.username, dn: $0.dn, status: $0.statusRaw, createdAt: $0.createdAt, disabledAt: $0.disabledAt,
                    passwordShownAt: $0.passwordShownAt, passwordShownBy: $0.passwordShownBy)
            }
            let items = try await AccessReviewItem.query(on: db).filter(\.$employeeID == employeeID).all()
            let titles = try await AccessReview.auditLabels(Array(Set(items.map(\.reviewID))), on: db)
            let apps = try await CompanyApp.auditLabels(Array(Set(items.map(\.appID))), on: db)
            reviews = items.map {
                ReviewDecision(
                    review: titles[$0.reviewID] ?? "", application: apps[$0.appID] ?? "", decision: $0.decisionRaw, decidedAt: $0.decidedAt,
                    decidedBy: $0.decidedBy, note: $0.note)
            }.sorted { ($0.review, $0.application) < ($1.review, $1.application) }
        }
        let tokens = try await APIToken.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        let sessions = try await UserSession.query(on: db).filter(\.$user.$id == userID).all()
        let attempts = try await LoginAttempt.query(on: db).filter(\.$email == user.email).sort(\.$occurredAt, .descending).limit(1000)
            .all()
        let activity = try await AuditEntry.query(on: db).filter(\.$actorID == userID.uuidString).sort(\.$id, .descending).limit(1000).all()
        var subjects = [userID.uuidString]
        if let employeeID = employee?.id { subjects.append(employeeID.uuidString) }
        let about = try await AuditEntry.query(on: db).filter(\.$entityID ~~ subjects).sort(\.$id, .descending).limit(1000).all()
        func entry(_ audit: AuditEntry) -> Activity {
            Activity(occurredAt: audit.occurredAt, action: audit.action, entityType: audit.entityType, entityId: audit.entityID)
        }
        return PersonalDataExport(
            generatedAt: now,
            account: Account(
                email: user.email, name: user.name, role: user.roleRaw, language: user.languageRaw, createdAt: user.createdAt,
                lastSignInAt: user.lastSignInAt, timeZone: user.timeZone, pageSize: user.pageSize, colourScheme: user.colourScheme,
                listColumns: user.listColumns),
            employee: employee.map(EmployeeDTO.init), equipment: equipment, access: access, directoryAccount: directoryAccount,
            accessReviews: reviews, usage: usage,
            apiTokens: tokens.map(TokenDTO.init),
            sessions: sessions.map {
                Session(createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt, clientAddress: $0.clientAddress, userAgent: $0.userAgent)
            },
            signInAttempts: attempts.map {
                SignInAttempt(occurredAt: $0.occurredAt, clientAddress: $0.clientAddress, succeeded: $0.succeeded)
            },
            activity: activity.map(entry), changesToMyRecords: about.map(entry))
    }
}
