/// An IPv4 or IPv6 address: the one place Quartermaster parses, prints, orders and counts addresses.
///
/// IPv4 addresses are held in the low 32 bits. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) stays IPv6, as
/// written; `unmapped` gives the IPv4 address inside it.
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public enum Family: String, Sendable, Codable, CaseIterable {
        case v4, v6

        public var bitWidth: Int { self == .v4 ? 32 : 128 }
        /// The largest address value of the family.
        var maxValue: UInt128 { self == .v4 ? UInt128(UInt32.max) : .max }
    }

    /// Why a text is not an address or prefix; the App turns these into localised messages.
    public enum ParseError: String, Error, Sendable {
        case empty
        case invalidIPv4 = "ipv4_invalid"
        case invalidIPv6 = "ipv6_invalid"
        case invalidLength = "prefix_length_invalid"
        case hostBitsSet = "host_bits_set"
    }

    public let family: Family
    public let value: UInt128

    public init(family: Family, value: UInt128) {
        precondition(value <= family.maxValue, "an IPv4 address has 32 bits")
        self.family = family
        self.value = value
    }

    public static func v4(_ value: UInt32) -> IPAddress { IPAddress(family: .v4, value: UInt128(value)) }
    public static func v6(_ value: UInt128) -> IPAddress { IPAddress(family: .v6, value: value) }

    /// Parses dotted-quad IPv4 (no leading zeros: "010.0.0.1" is ambiguous) or IPv6 in any RFC 4291 form, with "::"
    /// compression and a trailing dotted quad. Zone indices ("fe80::1%eth0") are not addresses of a network and are
    /// refused, as is surrounding whitespace.
    public init(parsing text: some StringProtocol) throws(ParseError) {
        let text = Substring(text)
        guard !text.isEmpty else { throw .empty }
        if text.contains(":") {
            self = .v6(try Self.parseIPv6(text))
        } else {
            guard let value = Self.parseIPv4(text) else { throw .invalidIPv4 }
            self = .v4(value)
        }
    }

    public init?(_ text: some StringProtocol) {
        guard let address = try? IPAddress(parsing: text) else { return nil }
        self = address
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:0:0/96`), or nil.
    public var unmapped: IPAddress? {
        guard family == .v6, value >> 32 == 0xffff else { return nil }
        return .v4(UInt32(truncatingIfNeeded: value))
    }

    /// This address plus `offset`, or nil past the end of the family.
    public func advanced(by offset: UInt128) -> IPAddress? {
        let (sum, overflow) = value.addingReportingOverflow(offset)
        guard !overflow, sum <= family.maxValue else { return nil }
        return IPAddress(family: family, value: sum)
    }

    /// IPv4 before IPv6, then numerically.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        lhs.family != rhs.family ? lhs.family == .v4 : lhs.value < rhs.value
    }

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

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try IPAddress(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP address"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Parsing

    private static func dottedQuad(_ value: UInt32) -> String {
        [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xff) }.joined(separator: ".")
    }

    private static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    private static func parseIPv6(_ text: Substring) throws(ParseError) -> UInt128 {
        // At most one "::"; each side is a list of groups, the last of which may be a dotted quad.
        let halves = text.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2, !text.contains(":::") else { throw .invalidIPv6 }
        func groups(_ side: Substring, last: Bool) throws(ParseError) -> [UInt16] {
            guard !side.isEmpty else { return [] }
            let parts = side.split(separator: ":", omittingEmptySubsequences: false)
            var result: [UInt16] = []
            for (index, part) in parts.enumerated() {
                if last, index == parts.count - 1, part.contains(".") {
                    guard let v4 = parseIPv4(part) else { throw .invalidIPv6 }
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xffff)]
                } else {
                    guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), part.allSatisfy(\.isASCII),
                        let group = UInt16(part, radix: 16)
                    else { throw .invalidIPv6 }
                    result.append(group)
                }
            }
            return result
        }
        let all: [UInt16]
        if halves.count == 2 {
            let head = try groups(halves[0], last: false)
            let tail = try groups(halves[1], last: true)
            // "::" stands for at least one zero group.
            guard head.count + tail.count <= 7 else { throw .invalidIPv6 }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            all = try groups(halves[0], last: true)
            guard all.count == 8 else { throw .invalidIPv6 }
        }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}

/// A network: an address with a prefix length, host bits zero ("10.1.0.0/16", "2001:db8::/32").
public struct IPPrefix: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let network: IPAddress
    public let length: Int

    public var family: IPAddress.Family { network.family }

    /// Parses "address/length". A prefix must name its network: "10.1.2.3/16" is refused with `.hostBitsSet` (use
    /// `init(containing:)` for an interface address). A bare address is its own /32 or /128.
    public init(parsing text: some StringProtocol) throws(IPAddress.ParseError) {
        let (address, length) = try Self.split(text)
        guard address.value & ~Self.mask(address.family, length) == 0 else { throw .hostBitsSet }
        self.network = address
        self.length = length
    }

    public init?(_ text: some StringProtocol) {
        guard let prefix = try? IPPrefix(parsing: text) else { return nil }
        self = prefix
    }

    /// The network an interface address such as "10.1.2.3/24" belongs to, and the address itself.
    public static func interface(parsing text: some StringProtocol) throws(IPAddress.ParseError) -> (address: IPAddress, prefix: IPPrefix) {
        let (address, length) = try split(text)
        return (address, IPPrefix(containing: address, length: length))
    }

    /// The prefix of `length` bits that contains `address`.
    public init(containing address: IPAddress, length: Int) {
        precondition((0...address.family.bitWidth).contains(length), "prefix length out of range")
        self.network = IPAddress(family: address.family, value: address.value & Self.mask(address.family, length))
        self.length = length
    }

    public var first: IPAddress { network }
    public var last: IPAddress { IPAddress(family: family, value: network.value | ~Self.mask(family, length) & family.maxValue) }

    /// How many addresses the prefix spans; nil for ::/0, whose 2^128 does not fit.
    public var addressCount: UInt128? {
        let hostBits = family.bitWidth - length
        return hostBits == 128 ? nil : UInt128(1) << hostBits
    }

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

    public func contains(_ address: IPAddress) -> Bool {
        address.family == family && address.value & Self.mask(family, length) == network.value
    }

    /// Whether `other` lies wholly inside this prefix (a prefix contains itself).
    public func contains(_ other: IPPrefix) -> Bool {
        other.family == family && other.length >= length && contains(other.network)
    }

    /// Two prefixes of one family overlap exactly when one contains the other.
    public func overlaps(_ other: IPPrefix) -> Bool { contains(other) || other.contains(self) }

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

    /// Networks in address order, a shorter prefix before the longer ones it contains: the order of a prefix tree.
    public static func < (lhs: IPPrefix, rhs: IPPrefix) -> Bool {
        lhs.network != rhs.network ? lhs.network < rhs.network : lhs.length < rhs.length
    }

    public var description: String { "\(network)/\(length)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try IPPrefix(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP prefix"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func split(_ text: some StringProtocol) throws(IPAddress.ParseError) -> (IPAddress, Int) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = try IPAddress(parsing: parts[0])
        guard parts.count == 2 else { return (address, address.family.bitWidth) }
        guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            parts[1] == "0" || parts[1].first != "0",
            let length = Int(parts[1]), (0...address.family.bitWidth).contains(length)
        else { throw .invalidLength }
        return (address, length)
    }

    static func mask(_ family: IPAddress.Family, _ length: Int) -> UInt128 {
        let hostBits = family.bitWidth - length
        let hostMask: UInt128 = hostBits >= 128 ? .max : (UInt128(1) << hostBits) - 1
        return family.maxValue & ~hostMask
    }
}
