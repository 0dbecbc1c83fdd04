import Domain
import Fluent
import SQLKit

/// Seals the audit trail's head with the installation's secret key, and reads the trail for verification.
///
/// Every write transaction that may append to the trail reseals the head before it commits, so the seal always
/// covers the newest entry. A seal that no longer matches is never renewed: once the head was rewritten without the
/// key, every later verification says so, however many honest changes follow.
struct AuditSeal: Sendable {
    let box: SecretBox

    func code(sequence: Int64, hash: String) -> String {
        box.authenticationCode(AuditChain.sealText(sequence: sequence, hash: hash), purpose: AuditChain.sealPurpose)
    }

    func matches(_ head: AuditHead) -> Bool {
        guard let seal = head.seal else { return false }
        return Secrets.constantTimeEquals(seal, code(sequence: head.sequence, hash: head.hash))
    }

    /// The head as it stands when a write transaction begins.
    struct Before: Sendable {
        let sequence: Int64?
        /// False when the head carries a seal that does not match it: the trail was tampered with.
        let trustworthy: Bool
    }

    func before(on db: any Database) async throws -> Before {
        guard let head = try await AuditHead.find(1, on: db) else { return Before(sequence: nil, trustworthy: true) }
        return Before(sequence: head.sequence, trustworthy: head.seal == nil || matches(head))
    }

    /// Seals the head if this transaction moved it and the head it started from could be trusted.
    func reseal(after before: Before, on db: any Database) async throws {
        guard before.trustworthy, let head = try await AuditHead.find(1, on: db), head.sequence != before.sequence || head.seal == nil
        else { return }
        head.seal = code(sequence: head.sequence, hash: head.hash)
        try await head.update(on: db)
    }

    /// Verifies the whole trail in one consistent snapshot: entries and head as they stood at one moment, so writes
    /// going on meanwhile are neither reported as removed nor half seen (issue 18).
    func verify(on database: any Database) async throws -> AuditChain.Finding {
        try await database.transaction { db in
            if db.sql.engine == .postgresql {
                let sql = db.sql
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            }
            var verifier = AuditChainVerifier()
            // On SQLite the snapshot starts with the first read of the transaction; read the head first so it is the
            // one the entries are compared with.
            let head = try await AuditHead.find(1, on: db)
            var after: Int64 = 0
            while true {
                let page = try await AuditEntry.query(on: db).filter(\.$id > after).sort(\.$id).limit(1000).all()
                for entry in page {
                    if let finding = verifier.feed(entry.record, storedHash: entry.hash) { return finding }
                }
                guard let id = page.last?.id else { break }
                after = id
            }
            return verifier.finish(head: head.map { ($0.sequence, $0.hash, $0.seal) }) { _ in head.map(matches) ?? false }
        }
    }
}
