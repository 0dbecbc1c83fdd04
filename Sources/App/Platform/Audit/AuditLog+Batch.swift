import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

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
