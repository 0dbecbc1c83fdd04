extension IPPrefix {
    /// The addresses hosts may use. IPv4 reserves the network and broadcast addresses except on /31 point-to-point
    /// links (RFC 3021) and /32 host routes; IPv6 reserves the subnet-router anycast address (the first) except on
    /// /127 links (RFC 6164) and /128.
    public var usable: ClosedRange<IPAddress> {
        let hostBits = family.bitWidth - length
        guard hostBits > 1 else { return first...last }
        switch family {
        case .v4: return first.advanced(by: 1)!...IPAddress(family: .v4, value: last.value - 1)
        case .v6: return first.advanced(by: 1)!...last
        }
    }

    /// How many addresses hosts may use, or nil when that does not fit in 128 bits (::/0).
    public var usableCount: UInt128? {
        let width = usable.upperBound.value - usable.lowerBound.value
        return width == .max ? nil : width + 1
    }

    /// The smallest usable address not in `used`, which must be sorted ascending; addresses outside the prefix, and
    /// duplicates, are skipped. Nil when the prefix is full.
    public func firstFree(sortedUsed used: some Sequence<IPAddress>) -> IPAddress? {
        let range = usable
        var candidate = range.lowerBound
        for address in used where address.family == family && address >= candidate {
            guard address <= range.upperBound else { break }
            guard address == candidate else { return candidate }
            guard let next = candidate.advanced(by: 1), next <= range.upperBound else { return nil }
            candidate = next
        }
        return candidate
    }

    /// Utilisation in basis points (1 = 0.01 %) of `usedCount` addresses, rounded down; 10,000 is full.
    public func utilisationBasisPoints(usedCount: UInt128) -> Int {
        guard let size = usableCount, size > 0 else { return 0 }
        let used = min(usedCount, size)
        // used × 10,000 ÷ size without overflowing 128 bits.
        let (high, low) = used.multipliedFullWidth(by: 10_000)
        return Int(size.dividingFullWidth((high, low)).quotient)
    }
}
