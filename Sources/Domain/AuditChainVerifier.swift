/// Checks the chain one entry at a time, so a long trail can be streamed in pages.
public struct AuditChainVerifier: Sendable {
    private var previousHash = AuditChain.genesisHash
    private var expectedSequence: Int64 = 1
    private var count = 0
    private var lastSequence: Int64?

    public init() {}

    /// Feeds the next entry in sequence order; returns a finding as soon as the chain is broken.
    public mutating func feed(_ record: AuditRecord, storedHash: String) -> AuditChain.Finding? {
        if record.sequence != expectedSequence || record.previousHash != previousHash {
            return .broken(sequence: record.sequence)
        }
        if record.computedHash != storedHash {
            return .altered(sequence: record.sequence)
        }
        previousHash = storedHash
        expectedSequence += 1
        lastSequence = record.sequence
        count += 1
        return nil
    }

    /// The verdict after the last entry, compared with the head the database recorded.
    public func finish(head: (sequence: Int64, hash: String)?) -> AuditChain.Finding {
        if let head {
            if lastSequence != head.sequence { return .truncated(expectedLast: head.sequence, actualLast: lastSequence) }
            if previousHash != head.hash { return .altered(sequence: head.sequence) }
        } else if lastSequence != nil {
            return .truncated(expectedLast: 0, actualLast: lastSequence)
        }
        return .intact(entries: count)
    }

    /// The verdict with the head's seal checked too: `isSealedCorrectly` says whether a seal matches the head
    /// (nil when the head has none). A chain and head rewritten together pass `finish`, but not the seal.
    public func finish(head: (sequence: Int64, hash: String, seal: String?)?, isSealedCorrectly: (String) -> Bool) -> AuditChain.Finding {
        let finding = finish(head: head.map { ($0.sequence, $0.hash) })
        guard case .intact(let entries) = finding, let head else { return finding }
        guard let seal = head.seal else { return .unsealed(entries: entries) }
        return isSealedCorrectly(seal) ? finding : .headForged(sequence: head.sequence)
    }
}
