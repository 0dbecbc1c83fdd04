import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Who did something, as the audit trail records it.
struct AuditActor: Sendable {
    var id: String?
    var label: String
    var clientAddress: String?

    static let system = AuditActor(id: nil, label: "system", clientAddress: nil)
    static let commandLinePrefix = "cli:"
    static func commandLine(_ user: String = operatingSystemUser) -> AuditActor {
        AuditActor(id: nil, label: commandLinePrefix + user, clientAddress: nil)
    }

    /// Who runs the command: the login name from the environment, else the account the process runs as (a service or
    /// a container sets no `USER`).
    static var operatingSystemUser: String {
        let environment = ProcessInfo.processInfo.environment
        if let user = (environment["USER"] ?? environment["LOGNAME"])?.nilIfEmpty { return user }
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "unknown" }
        return String(cString: name)
    }
}

/// Appends to the hash-chained audit trail. Call only inside `Application.write`, which serialises appends.
enum AuditLog {
    static func append(
        on db: any Database, actor: AuditActor, action: String, entityType: String? = nil, entityID: String? = nil,
        changes: [String: AuditChange] = [:], at now: Date
    ) async throws {
        assert(AuditVocabulary.covers(action: action, fields: changes.keys), "audit action \(action) or a field of it has no words")
        let head = try await AuditHead.find(1, on: db)
        let sequence = (head?.sequence ?? 0) + 1
        let millis = (now.timeIntervalSince1970 * 1000).rounded()
        let record = AuditRecord(
            sequence: sequence, occurredAt: Date(timeIntervalSince1970: millis / 1000), actorID: actor.id, actorLabel: actor.label,
            action: action, entityType: entityType, entityID: entityID, changes: changes, clientAddress: actor.clientAddress,
            previousHash: head?.hash ?? AuditChain.genesisHash)
        let entry = try AuditEntry(record: record)
        try await entry.create(on: db)
        if let head {
            head.sequence = sequence
            head.hash = entry.hash
            try await head.update(on: db)
        } else {
            let newHead = AuditHead()
            newHead.id = 1
            newHead.sequence = sequence
            newHead.hash = entry.hash
            try await newHead.create(on: db)
        }
    }

    /// Field-by-field differences between two snapshots; unchanged fields are left out.
    static func diff(before: [String: String]?, after: [String: String]?) -> [String: AuditChange] {
        let keys = Set((before ?? [:]).keys).union((after ?? [:]).keys)
        var changes: [String: AuditChange] = [:]
        for key in keys where before?[key] != after?[key] {
            changes[key] = AuditChange(before: before?[key], after: after?[key])
        }
        return changes
    }
}

extension Request {
    /// The client's address: the peer's, or behind a trusted reverse proxy the one it appended to X-Forwarded-For.
    var clientAddress: String? {
        if services.config.trustForwardedFor,
            let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty
        {
            return forwarded
        }
        return remoteAddress?.ipAddress
    }

    /// The signed-in user (or token) as an audit actor, with the client's address.
    var auditActor: AuditActor {
        let address = clientAddress
        guard let principal else { return AuditActor(id: nil, label: "anonymous", clientAddress: address) }
        var label = principal.email
        if case .token(_, let tokenLabel, _) = principal.credential { label += " (token \(tokenLabel))" }
        return AuditActor(id: principal.userID.uuidString, label: label, clientAddress: address)
    }
}

extension AuditLog {
    struct Pending: Sendable {
        let action: String
        let entityType: String
        let entityID: String?
        let changes: [String: AuditChange]
    }

    /// Appends many entries at once (imports): the chain is computed in memory and written 500 rows a statement,
    /// with one head update. Call only inside `Application.write`.
    static func appendBatch(on db: any Database, actor: AuditActor, _ entries: [Pending], at now: Date) async throws {
        guard !entries.isEmpty else { return }
        let head = try await AuditHead.find(1, on: db)
        var sequence = head?.sequence ?? 0
        var previous = head?.hash ?? AuditChain.genesisHash
        let millis = (now.timeIntervalSince1970 * 1000).rounded()
        let sql = db.sql
        for batch in stride(from: 0, to: entries.count, by: 500) {
            var insert = sql.insert(into: AuditEntry.schema).columns(
                "sequence", "occurred_at_ms", "actor_id", "actor_label", "action", "entity_type", "entity_id", "changes", "client_address",
                "previous_hash", "hash")
            for pending in entries[batch..<min(batch + 500, entries.count)] {
                assert(
                    AuditVocabulary.covers(action: pending.action, fields: pending.changes.keys),
                    "audit action \(pending.action) lacks words")
                sequence += 1
                let record = AuditRecord(
                    sequence: sequence, occurredAt: Date(timeIntervalSince1970: millis / 1000), actorID: actor.id, actorLabel: actor.label,
                    action: pending.action, entityType: pending.entityType, entityID: pending.entityID, changes: pending.changes,
                    clientAddress: actor.clientAddress, previousHash: previous)
                let hash = record.computedHash
                insert = insert.values(
                    SQLBind(sequence), SQLBind(Int64(millis)), SQLBind(actor.id), SQLBind(actor.label), SQLBind(pending.action),
                    SQLBind(pending.entityType), SQLBind(pending.entityID), SQLBind(try AuditEntry.encode(pending.changes)),
                    SQLBind(actor.clientAddress),
                    SQLBind(previous), SQLBind(hash))
                previous = hash
            }
            try await insert.run()
        }
        if let head {
            head.sequence = sequence
            head.hash = previous
            try await head.update(on: db)
        } else {
            let newHead = AuditHead()
            newHead.id = 1
            newHead.sequence = sequence
            newHead.hash = previous
            try await newHead.create(on: db)
        }
    }
}
