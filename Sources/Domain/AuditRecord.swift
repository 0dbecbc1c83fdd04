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
