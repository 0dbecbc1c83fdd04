import Domain
import Fluent
import Foundation
import Vapor

/// Preventive maintenance tasks: created, changed, completed and removed here, each change in one transaction with
/// its audit entry.
struct MaintenanceTaskService: Sendable {
    let app: Application
    let actor: AuditActor

    /// The asset, site and technician must exist; the technician must be someone who may record maintenance.
    private static func checkReferences(_ input: Input, permissions: PermissionTable, on db: any Database) async throws {
        var errors: [FieldError] = []
        if let asset = input.assetID, try await Asset.find(asset, on: db) == nil {
            errors.append(FieldError(field: "assetTag", code: .notFound))
        }
        if let site = input.siteID, try await Site.find(site, on: db) == nil { errors.append(FieldError(field: "siteId", code: .notFound)) }
        if let assignee = input.assigneeID {
            let user = try await User.find(assignee, on: db)
            if user == nil || user?.disabled == true || !permissions.allows(user!.role, .manageMonitoring) {
                errors.append(FieldError(field: "assigneeId", code: .notFound))
            }
        }
        try InputCheck.check(errors)
    }

    func create(_ input: Input) async throws -> MaintenanceTask {
        try InputCheck.check(input.validate())
        let task = MaintenanceTask()
        task.id = UUID()
        task.anchor = ""
        input.apply(to: task)
        task.createdAt = app.services.clock.now()
        let permissions = app.services.permissions
        return try await app.createAudited(task, actor: actor) { db in
            try await Self.checkReferences(input, permissions: permissions, on: db)
        }
    }

    func update(_ id: UUID, expectedVersion: Int?, _ input: Input) async throws -> MaintenanceTask {
        try InputCheck.check(input.validate())
        let permissions = app.services.permissions
        return try await app.updateAudited(MaintenanceTask.self, id: id, expectedVersion: expectedVersion, actor: actor) { task, db in
            try await Self.checkReferences(input, permissions: permissions, on: db)
            input.apply(to: task)
        }
    }

    /// A task that was done keeps its history: it cannot be removed, only made inactive.
    func delete(_ id: UUID, expectedVersion: Int?) async throws {
        try await app.deleteAudited(MaintenanceTask.self, id: id, expectedVersion: expectedVersion, actor: actor) { _, db in
            if try await MaintenanceRecord.query(on: db).filter(\.$taskID == id).count() > 0 {
                throw ValidationFailure([FieldError(field: "id", code: .inUse)])
            }
        }
    }
}
