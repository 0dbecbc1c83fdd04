import Domain
import Fluent
import Foundation
import Vapor

/// Who did something, as the audit trail records it.
struct AuditActor: Sendable {
    var id: String?
    var label: String
    var clientAddress: String?

    static let system = AuditActor(id: nil, label: "system", clientAddress: nil)
    static func commandLine(_ user: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown") -> AuditActor {
        AuditActor(id: nil, label: "cli:\(user)", clientAddress: nil)
    }
}

/// Appends to the hash-chained audit trail. Call only inside `Application.write`, which serialises appends.
enum AuditLog {
    static func append(
        on db: any Database, actor: AuditActor, action: String, entityType: String? = nil, entityID: String? = nil,
        changes: [String: AuditChange] = [:], at now: Date
    ) async throws {
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

    /// Walks the whole trail in sequence order, a page at a time, so memory stays flat however long it is.
    static func verify(on db: any Database) async throws -> AuditChain.Finding {
        var verifier = AuditChainVerifier()
        var after: Int64 = 0
        while true {
            let page = try await AuditEntry.query(on: db).filter(\.$id > after).sort(\.$id).limit(1000).all()
            for entry in page {
                if let finding = verifier.feed(entry.record, storedHash: entry.hash) { return finding }
            }
            guard let last = page.last?.id else { break }
            after = last
        }
        let head = try await AuditHead.find(1, on: db)
        return verifier.finish(head: head.map { ($0.sequence, $0.hash) })
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
