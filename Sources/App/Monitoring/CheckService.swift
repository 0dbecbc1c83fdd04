import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// Configuring checks and maintenance windows, acknowledging alerts and taking heartbeat calls: validated here,
/// written in one transaction with the audit entry.
struct CheckService: Sendable {
    let app: Application
    let actor: AuditActor

    /// Checks that `input`'s references exist (inside the write, so they cannot vanish meanwhile) and that the
    /// dependency does not lead back to the check.
    private static func checkReferences(_ input: Input, id: UUID, on db: any Database) async throws {
        var errors: [FieldError] = []
        if let asset = input.assetID, try await Asset.find(asset, on: db) == nil {
            errors.append(FieldError(field: "assetId", code: .notFound))
        }
        if !input.channelIDs.isEmpty {
            let found = try await NotificationChannel.query(on: db).filter(\.$id ~~ input.channelIDs).count()
            if found != Set(input.channelIDs).count { errors.append(FieldError(field: "channelIds", code: .notFound)) }
        }
        if let parent = input.parentID {
            // Walk up from the parent: reaching this check again would make a cycle.
            var seen: Set<UUID> = [id]
            var next: UUID? = parent
            while let current = next {
                guard seen.insert(current).inserted else {
                    errors.append(FieldError(field: "parentId", code: .invalid))
                    break
                }
                guard let check = try await Check.find(current, on: db) else {
                    errors.append(FieldError(field: "parentId", code: .notFound))
                    break
                }
                next = check.parentID
            }
        }
        try InputCheck.check(errors)
    }

    func create(_ input: Input) async throws -> Check {
        try InputCheck.check(input.validate())
        let check = Check()
        let id = UUID()
        check.id = id
        input.apply(to: check)
        check.shard = Int.random(in: 0..<MonitorLeases.shards)
        check.createdAt = app.services.clock.now()
        if check.kind == .heartbeat { try setToken(check) }
        let created = try await app.createAudited(check, actor: actor) { db in
            try await Self.checkReferences(input, id: id, on: db)
        }
        try await app.write(appendsToAuditTrail: false) { db in try await CheckStateRecord(checkID: id).create(on: db) }
        return created
    }

    func update(_ id: UUID, expectedVersion: Int?, _ input: Input) async throws -> Check {
        try InputCheck.check(input.validate())
        let box = app.services.secretBox
        return try await app.updateAudited(Check.self, id: id, expectedVersion: expectedVersion, actor: actor) { check, db in
            try await Self.checkReferences(input, id: id, on: db)
            let wasHeartbeat = check.kind == .heartbeat
            input.apply(to: check)
            if check.kind == .heartbeat, !wasHeartbeat { try Self.setToken(check, box: box) }
            if check.kind != .heartbeat { (check.heartbeatTokenSealed, check.heartbeatTokenHash) = (nil, nil) }
        }
    }

    /// Removes a check with its state, results, history and alerts.
    func delete(_ id: UUID, expectedVersion: Int?) async throws {
        try await app.deleteAudited(Check.self, id: id, expectedVersion: expectedVersion, actor: actor) { check, db in
            if try await Check.query(on: db).filter(\.$parentID == id).count() > 0 {
                throw ValidationFailure([FieldError(field: "parentId", code: .inUse)])
            }
            try await CheckStateRecord.query(on: db).filter(\.$id == id).delete()
            try await db.sql.delete(from: CheckResultTable.name)
                .where("check_id", .equal, SQLBind(id)).run()
            try await CheckHour.query(on: db).filter(\.$checkID == id).delete()
            try await Alert.query(on: db).filter(\.$checkID == id).delete()
            try await MaintenanceWindow.query(on: db).filter(\.$scopeID == id).delete()
        }
    }
}
