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

    /// A check as the page, the API and the command line give it.
    struct Input: Sendable {
        var name: String
        var definition: CheckDefinition
        var assetID: UUID?
        var service: String = ""
        var parentID: UUID?
        var channelIDs: [UUID] = []
        var escalateAfterMinutes: Int?
        var enabled = true
        var onStatusPage = false

        func validate() -> [FieldError] {
            var errors = definition.problems()
            if let error = Validate.required(name, field: "name") { errors.append(error) }
            if name.count > 200 { errors.append(FieldError(field: "name", code: .tooLong)) }
            if assetID == nil, service.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(field: "service", code: .required))
            }
            if service.count > 200 { errors.append(FieldError(field: "service", code: .tooLong)) }
            if let minutes = escalateAfterMinutes, !(1...10_080).contains(minutes) {
                errors.append(FieldError(field: "escalateAfterMinutes", code: .outOfRange))
            }
            return errors
        }

        func apply(to check: Check) {
            let definition = self.definition
            check.name = name.trimmingCharacters(in: .whitespaces)
            (check.kindRaw, check.target, check.port) = (
                definition.kind.rawValue, definition.target.trimmingCharacters(in: .whitespaces), definition.port
            )
            (check.intervalSeconds, check.timeoutSeconds) = (definition.intervalSeconds, definition.timeoutSeconds)
            (check.problemsBeforeHard, check.successesToRecover) = (
                definition.policy.problemsBeforeHard, definition.policy.successesToRecover
            )
            (check.warning, check.critical, check.settingsJSON) = (
                definition.warning, definition.critical, Check.encode(definition.settings)
            )
            (check.assetID, check.service, check.parentID) = (assetID, service.trimmingCharacters(in: .whitespaces), parentID)
            check.channelIDsText = channelIDs.map(\.uuidString).sorted().joined(separator: ",")
            (check.escalateAfterMinutes, check.enabled, check.onStatusPage) = (escalateAfterMinutes, enabled, onStatusPage)
        }
    }

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

    /// Gives a heartbeat a new URL; the old one stops working at once.
    func renewToken(_ id: UUID) async throws -> Check {
        let box = app.services.secretBox
        return try await app.updateAudited(Check.self, id: id, expectedVersion: nil, actor: actor, action: "renew_token") { check, _ in
            guard check.kind == .heartbeat else { throw ValidationFailure([FieldError(field: "kind", code: .invalid)]) }
            try Self.setToken(check, box: box)
        }
    }

    private func setToken(_ check: Check) throws { try Self.setToken(check, box: app.services.secretBox) }

    private static func setToken(_ check: Check, box: SecretBox) throws {
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

    // MARK: Alerts

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

    // MARK: Maintenance windows

    struct WindowInput: Sendable {
        var name: String
        var scope: String
        var scopeID: UUID?
        var starts: String
        var durationMinutes: Int
        var timeZone: String
        var rrule: String = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name")].compactMap { $0 }
            if MaintenanceWindow.Scope(rawValue: scope) == nil { errors.append(FieldError(field: "scope", code: .invalid)) }
            if scopeID == nil { errors.append(FieldError(field: "scopeId", code: .required)) }
            let zone = TimeZone(identifier: timeZone)
            if zone == nil { errors.append(FieldError(field: "timeZone", code: .timeZoneUnknown)) }
            if let zone, MaintenanceCalendar.localStart(starts, in: zone) == nil {
                errors.append(FieldError(field: "starts", code: .dateTimeInvalid))
            }
            if !(1...(14 * 1440)).contains(durationMinutes) { errors.append(FieldError(field: "durationMinutes", code: .outOfRange)) }
            if !rrule.isEmpty, (try? Recurrence.parse(rrule)) == nil { errors.append(FieldError(field: "rrule", code: .invalid)) }
            return errors
        }
    }

    func createWindow(_ input: WindowInput) async throws -> MaintenanceWindow {
        try InputCheck.check(input.validate())
        let window = MaintenanceWindow()
        window.id = UUID()
        (window.name, window.scopeRaw, window.scopeID) = (input.name.trimmingCharacters(in: .whitespaces), input.scope, input.scopeID!)
        (window.startsLocal, window.durationMinutes, window.timeZoneID) = (
            input.starts.replacingOccurrences(of: " ", with: "T"), input.durationMinutes, input.timeZone
        )
        window.rrule = input.rrule.trimmingCharacters(in: .whitespaces).uppercased()
        window.createdAt = app.services.clock.now()
        return try await app.createAudited(window, actor: actor) { db in
            let exists: Bool
            switch window.scope {
            case .asset: exists = try await Asset.find(window.scopeID, on: db) != nil
            case .site: exists = try await Site.find(window.scopeID, on: db) != nil
            case .check: exists = try await Check.find(window.scopeID, on: db) != nil
            }
            if !exists { throw ValidationFailure([FieldError(field: "scopeId", code: .notFound)]) }
        }
    }

    func deleteWindow(_ id: UUID) async throws {
        try await app.deleteAudited(MaintenanceWindow.self, id: id, expectedVersion: nil, actor: actor)
    }
}
