import Foundation
import Testing

@testable import Domain

@Suite("Audit hash chain")
struct AuditChainTests {
    /// A chain of `count` entries as the application writes them.
    func chain(_ count: Int) -> [(record: AuditRecord, storedHash: String)] {
        var previous = AuditChain.genesisHash
        return (1...count).map { index in
            let record = AuditRecord(
                sequence: Int64(index), occurredAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(index)), actorID: "u1",
                actorLabel: "anna@example.com", action: "user.update", entityType: "user", entityID: "u\(index)",
                changes: ["name": AuditChange(before: "Old \(index)", after: "New \(index)")], clientAddress: "127.0.0.1",
                previousHash: previous)
            previous = record.computedHash
            return (record, previous)
        }
    }

    @Test("An untouched chain verifies, with its head")
    func intact() {
        let entries = chain(5)
        #expect(AuditChain.verify(entries, head: (5, entries[4].storedHash)) == .intact(entries: 5))
    }

    @Test("Editing a field of an entry is detected at that entry")
    func edited() {
        var entries = chain(5)
        entries[2].record.changes["name"] = AuditChange(before: "Old 3", after: "Forged")
        #expect(AuditChain.verify(entries, head: (5, entries[4].storedHash)) == .altered(sequence: 3))
    }

    @Test("Editing an entry and recomputing its hash is detected at the next entry")
    func editedAndRehashed() {
        var entries = chain(5)
        entries[2].record.actorLabel = "mallory"
        entries[2].storedHash = entries[2].record.computedHash
        #expect(AuditChain.verify(entries, head: (5, entries[4].storedHash)) == .broken(sequence: 4))
    }

    @Test("Deleting an entry in the middle is detected")
    func deleted() {
        var entries = chain(5)
        entries.remove(at: 1)
        #expect(AuditChain.verify(entries, head: (5, entries[3].storedHash)) == .broken(sequence: 3))
    }

    @Test("Swapping two entries is detected")
    func reordered() {
        var entries = chain(4)
        entries.swapAt(1, 2)
        #expect(AuditChain.verify(entries, head: (4, entries[3].storedHash)) == .broken(sequence: 3))
    }

    @Test("Deleting the newest entries is detected through the head")
    func truncated() {
        let entries = chain(5)
        #expect(AuditChain.verify(entries.prefix(3), head: (5, entries[4].storedHash)) == .truncated(expectedLast: 5, actualLast: 3))
    }

    @Test("Separators inside values cannot make two different entries hash alike")
    func canonicalFormIsUnambiguous() {
        let base = chain(1)[0].record
        var a = base
        a.changes = ["a": AuditChange(before: "x|y", after: nil)]
        var b = base
        b.changes = ["a": AuditChange(before: "x", after: "y")]
        #expect(a.computedHash != b.computedHash)
    }

    @Test("Escaping and hashing give the same text and digest as they always have, so old entries still verify")
    func stableCanonicalForm() {
        func reference(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: "=", with: "\\=")
                .replacingOccurrences(of: ">", with: "\\>")
        }
        for text in ["", "plain", "a|b;c=d>e\\f", "Mägi ∅ 10.1.2.3/24", "||", "=>;", "ümlaut=ä|ö", "\\\\"] {
            #expect(AuditRecord.escape(text) == reference(text), "\(text)")
        }
        #expect(AuditChain.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(AuditChain.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
