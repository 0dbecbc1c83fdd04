import Domain
import Foundation
import Vapor

struct AuditEntryDTO: Content {
    let sequence: Int64
    let occurredAt: Date
    let actorId: String?
    let actorLabel: String
    let action: String
    let entityType: String?
    let entityId: String?
    let changes: [String: AuditChange]
    let clientAddress: String?
    let hash: String

    init(_ entry: AuditEntry) {
        sequence = entry.id ?? 0
        occurredAt = entry.occurredAt
        actorId = entry.actorID
        actorLabel = entry.actorLabel
        action = entry.action
        entityType = entry.entityType
        entityId = entry.entityID
        changes = entry.changes ?? [:]
        clientAddress = entry.clientAddress
        hash = entry.hash
    }

    static let schema = JSONSchema.object(
        properties: [
            "sequence": .integer(minimum: 1), "occurredAt": .string(format: "date-time"), "actorId": .nullable(.string()),
            "actorLabel": .string(), "action": .string(), "entityType": .nullable(.string()), "entityId": .nullable(.string()),
            "changes": .anyObject(description: "Changed fields: name to {before, after}."), "clientAddress": .nullable(.string()),
            "hash": .string(),
        ], required: ["sequence", "occurredAt", "actorLabel", "action", "changes", "hash"])
}

struct AuditVerificationDTO: Content {
    let intact: Bool
    let entries: Int?
    let firstBrokenSequence: Int64?
    let problem: String?

    init(_ finding: AuditChain.Finding) {
        switch finding {
        case .intact(let count): (intact, entries, firstBrokenSequence, problem) = (true, count, nil, nil)
        case .altered(let sequence): (intact, entries, firstBrokenSequence, problem) = (false, nil, sequence, "altered")
        case .broken(let sequence): (intact, entries, firstBrokenSequence, problem) = (false, nil, sequence, "broken")
        case .truncated(let expected, _): (intact, entries, firstBrokenSequence, problem) = (false, nil, expected, "truncated")
        case .headForged(let sequence): (intact, entries, firstBrokenSequence, problem) = (false, nil, sequence, "head_forged")
        case .unsealed(let count): (intact, entries, firstBrokenSequence, problem) = (true, count, nil, "unsealed")
        }
    }

    static let schema = JSONSchema.object(
        properties: [
            "intact": .boolean, "entries": .nullable(.integer(minimum: 0)), "firstBrokenSequence": .nullable(.integer()),
            "problem": .nullable(.string(enumeration: ["altered", "broken", "truncated", "head_forged", "unsealed"])),
        ], required: ["intact"])
}
