extension IPAddress {
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

    // MARK: Parsing

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
