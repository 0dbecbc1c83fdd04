import Crypto
import Foundation

/// One entry of the audit trail as it is hashed. Each entry's hash covers its canonical form and the previous
/// entry's hash, so editing, deleting or reordering any entry breaks every hash after it.
public struct AuditRecord: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var occurredAt: Date
    public var actorID: String?
    public var actorLabel: String
    public var action: String
    public var entityType: String?
    public var entityID: String?
    /// Changed fields: name → [before, after]. Secrets never appear here.
    public var changes: [String: AuditChange]
    public var clientAddress: String?
    public var previousHash: String

    public init(
        sequence: Int64, occurredAt: Date, actorID: String?, actorLabel: String, action: String, entityType: String?,
        entityID: String?, changes: [String: AuditChange], clientAddress: String?, previousHash: String
    ) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.actorLabel = actorLabel
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.changes = changes
        self.clientAddress = clientAddress
        self.previousHash = previousHash
    }

    /// A deterministic text form: fields in fixed order, changes sorted by key, time in whole milliseconds UTC.
    public var canonicalForm: String {
        let millis = Int64((occurredAt.timeIntervalSince1970 * 1000).rounded())
        var fields = [
            String(sequence), String(millis), actorID ?? "", actorLabel, action, entityType ?? "", entityID ?? "",
        ]
        let changeText = changes.keys.sorted().map { key -> String in
            let change = changes[key]!
            return "\(Self.escape(key))=\(Self.escape(change.before ?? "\u{2205}"))>\(Self.escape(change.after ?? "\u{2205}"))"
        }.joined(separator: ";")
        fields.append(changeText)
        fields.append(clientAddress ?? "")
        fields.append(previousHash)
        return fields.map(Self.escape).joined(separator: "|")
    }

    public var computedHash: String {
        AuditChain.sha256Hex(canonicalForm)
    }

    /// A backslash before each of `\ | ; = >`. One pass over the bytes (the five are ASCII, so UTF-8 text stays
    /// intact): imports write an entry per row, and Foundation's replacing took a third of a large import's time.
    static func escape(_ text: String) -> String {
        let special: (UInt8) -> Bool = { $0 == 0x5C || $0 == 0x7C || $0 == 0x3B || $0 == 0x3D || $0 == 0x3E }
        guard text.utf8.contains(where: special) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if special(byte) { bytes.append(0x5C) }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A field's value before and after a change; nil means "absent".
public struct AuditChange: Sendable, Hashable, Codable {
    public var before: String?
    public var after: String?

    public init(before: String?, after: String?) {
        self.before = before
        self.after = after
    }
}

public enum AuditChain {
    /// The previous-hash of the very first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    public static func sha256Hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// What `audit verify` reports.
    public enum Finding: Sendable, Equatable {
        case intact(entries: Int)
        /// The entry at `sequence` does not match its stored hash: it was edited.
        case altered(sequence: Int64)
        /// The entry at `sequence` does not follow the one before it: an entry was removed or reordered before it.
        case broken(sequence: Int64)
        /// The newest entries were removed: the chain ends before the recorded head.
        case truncated(expectedLast: Int64, actualLast: Int64?)
        /// The recorded head does not carry the seal only the installation's key can make: it was rewritten or moved
        /// back by someone without the key (with the entries after it removed or recomputed to match).
        case headForged(sequence: Int64)
        /// The head has no seal yet (a trail from before seals; the next change seals it).
        case unsealed(entries: Int)
    }

    /// What the head's seal covers: its sequence and hash.
    public static func sealText(sequence: Int64, hash: String) -> String { "audit-head|\(sequence)|\(hash)" }
    public static let sealPurpose = "quartermaster audit head seal v1"

    /// Verifies entries in sequence order against their stored hashes and the recorded head.
    public static func verify(
        _ entries: some Sequence<(record: AuditRecord, storedHash: String)>, head: (sequence: Int64, hash: String)?
    ) -> Finding {
        var verifier = AuditChainVerifier()
        for (record, stored) in entries {
            if let finding = verifier.feed(record, storedHash: stored) { return finding }
        }
        return verifier.finish(head: head)
    }
}

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
