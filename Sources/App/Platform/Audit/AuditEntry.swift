import Domain
import Fluent
import Foundation

final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "sequence", generatedBy: .user) var id: Int64?
    @Field(key: "occurred_at_ms") var occurredAtMillis: Int64
    @OptionalField(key: "actor_id") var actorID: String?
    @Field(key: "actor_label") var actorLabel: String
    @Field(key: "action") var action: String
    @OptionalField(key: "entity_type") var entityType: String?
    @OptionalField(key: "entity_id") var entityID: String?
    @Field(key: "changes") var changesJSON: String
    @OptionalField(key: "client_address") var clientAddress: String?
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(record: AuditRecord) throws {
        self.id = record.sequence
        self.occurredAtMillis = Int64((record.occurredAt.timeIntervalSince1970 * 1000).rounded())
        self.actorID = record.actorID
        self.actorLabel = record.actorLabel
        self.action = record.action
        self.entityType = record.entityType
        self.entityID = record.entityID
        self.changesJSON = try AuditEntry.encode(record.changes)
        self.clientAddress = record.clientAddress
        self.previousHash = record.previousHash
        self.hash = record.computedHash
    }

    var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMillis) / 1000) }

    /// The record as stored, for verification. A row whose changes no longer parse is reported as altered.
    var record: AuditRecord {
        AuditRecord(
            sequence: id ?? 0, occurredAt: occurredAt, actorID: actorID, actorLabel: actorLabel, action: action,
            entityType: entityType, entityID: entityID, changes: changes ?? ["\u{26A0}": AuditChange(before: changesJSON, after: nil)],
            clientAddress: clientAddress, previousHash: previousHash)
    }

    var changes: [String: AuditChange]? {
        try? JSONDecoder().decode([String: AuditChange].self, from: Data(changesJSON.utf8))
    }

    static func encode(_ changes: [String: AuditChange]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(changes), as: UTF8.self)
    }
}

final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "hash") var hash: String
    /// A keyed checksum of sequence and hash under the installation's secret key (`AuditSeal`); nil before the first
    /// change after seals were introduced.
    @OptionalField(key: "seal") var seal: String?

    init() {}
}
