import Crypto
import Foundation

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
