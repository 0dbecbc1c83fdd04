import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

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
