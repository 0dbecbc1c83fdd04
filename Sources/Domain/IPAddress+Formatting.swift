extension IPAddress {
    /// RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first of equal runs)
    /// as "::", and IPv4-mapped addresses with a dotted quad.
    public var description: String {
        switch family {
        case .v4: return Self.dottedQuad(UInt32(truncatingIfNeeded: value))
        case .v6:
            if let inner = unmapped { return "::ffff:" + inner.description }
            let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }
            var best = (start: -1, length: 1)
            var index = 0
            while index < 8 {
                guard groups[index] == 0 else {
                    index += 1
                    continue
                }
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > best.length { best = (index, end - index) }
                index = end
            }
            let hex = groups.map { String($0, radix: 16) }
            guard best.start >= 0 else { return hex.joined(separator: ":") }
            let head = hex[..<best.start].joined(separator: ":")
            let tail = hex[(best.start + best.length)...].joined(separator: ":")
            return head + "::" + tail
        }
    }

    /// A fixed-width text that sorts like the addresses themselves (IPv4 first), for database keys and range queries:
    /// "4" or "6", then 32 hexadecimal digits.
    public var sortKey: String {
        let hex = String(value, radix: 16)
        return (family == .v4 ? "4" : "6") + String(repeating: "0", count: 32 - hex.count) + hex
    }

    public init?(sortKey: some StringProtocol) {
        guard sortKey.count == 33, let first = sortKey.first, let value = UInt128(sortKey.dropFirst(), radix: 16) else { return nil }
        switch first {
        case "4" where value <= UInt128(UInt32.max): self = .v4(UInt32(value))
        case "6": self = .v6(value)
        default: return nil
        }
    }

    private static func dottedQuad(_ value: UInt32) -> String {
        [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xff) }.joined(separator: ".")
    }
}
