import Foundation
import PropertyBased
import Testing

@testable import Domain

@Suite("IP addresses and prefixes")
struct IPAddressTests {
    static let anyV6 = Gen.uint128()
    static let anyV4 = Gen.uint32()
    /// Addresses whose groups are mostly zero, so that zero runs of every length and position appear.
    static let sparseV6 = Gen.uint16(in: 0...3).array(of: 8...8).map { $0.reduce(UInt128(0)) { $0 << 16 | UInt128($1) } }

    @Test(
        "IPv6 forms parse to the same address and print in RFC 5952 form",
        arguments: [
            ("2001:db8:0:0:0:0:2:1", "2001:db8::2:1"),
            ("2001:0DB8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"),
            ("2001:db8::1", "2001:db8::1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // one zero group is not compressed
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),  // the longest run wins
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  // the first of equal runs wins
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
            ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
            ("fe80::", "fe80::"),
            ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("::ffff:192.0.2.128", "::ffff:192.0.2.128"),  // IPv4-mapped keeps its dotted quad
            ("0:0:0:0:0:ffff:c000:0280", "::ffff:192.0.2.128"),
            ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
            ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ])
    func ipv6Forms(input: String, canonical: String) throws {
        let address = try IPAddress(parsing: input)
        #expect(address.family == .v6)
        #expect(address.description == canonical)
        #expect(try IPAddress(parsing: canonical) == address)
    }

    @Test(
        "Malformed addresses are refused with the family's reason",
        arguments: [
            ("", IPAddress.ParseError.empty),
            ("1.2.3", .invalidIPv4), ("1.2.3.4.5", .invalidIPv4), ("256.1.1.1", .invalidIPv4), ("1.2.3.-4", .invalidIPv4),
            ("010.1.1.1", .invalidIPv4), ("1..2.3", .invalidIPv4), (" 1.2.3.4", .invalidIPv4), ("1.2.3.4 ", .invalidIPv4),
            ("١.٢.٣.٤", .invalidIPv4), ("host.example", .invalidIPv4),
            ("1:2:3:4:5:6:7", .invalidIPv6), ("1:2:3:4:5:6:7:8:9", .invalidIPv6), ("1::2::3", .invalidIPv6),
            (":::", .invalidIPv6), (":1:2:3:4:5:6:7", .invalidIPv6), ("1:2:3:4:5:6:7:", .invalidIPv6),
            ("12345::", .invalidIPv6), ("g::", .invalidIPv6), ("1:2:3:4:5:6:7:8::", .invalidIPv6),
            ("fe80::1%eth0", .invalidIPv6), ("::1.2.3", .invalidIPv6), ("1.2.3.4::", .invalidIPv6),
            ("1:2:3:4:5:6:7:1.2.3.4", .invalidIPv6), ("::ffff:256.0.0.1", .invalidIPv6), ("[::1]", .invalidIPv6),
        ])
    func malformed(input: String, reason: IPAddress.ParseError) {
        #expect(throws: reason) { try IPAddress(parsing: input) }
    }

    @Test("Every IPv4 and IPv6 value prints and parses back to itself")
    func roundTrip() async {
        await propertyCheck(input: Self.anyV4) { value in
            let address = IPAddress.v4(value)
            #expect(IPAddress(address.description) == address)
            #expect(IPAddress(sortKey: address.sortKey) == address)
        }
        await propertyCheck(input: Self.anyV6) { checkV6RoundTrip($0) }
        await propertyCheck(input: Self.sparseV6) { checkV6RoundTrip($0) }
    }

    func checkV6RoundTrip(_ value: UInt128) {
        let address = IPAddress.v6(value)
        let text = address.description
        #expect(IPAddress(text) == address)
        #expect(IPAddress(sortKey: address.sortKey) == address)
        // RFC 5952: "::" at most once, never for a single zero group, and no group with a leading zero.
        #expect(text.components(separatedBy: "::").count <= 2)
        #expect(!text.split(separator: ":").contains { !$0.contains(".") && $0.count > 1 && $0.first == "0" })
        if text.contains("::") { #expect(text.split(separator: ":").count <= 6) }
    }

    @Test("Sort keys sort as addresses do: IPv4 first, then numerically")
    func sortKeysOrder() async {
        await propertyCheck(input: Self.anyV6, Self.anyV6, Self.anyV4) { a, b, c in
            let addresses = [IPAddress.v6(a), .v6(b), .v4(c)]
            #expect(addresses.sorted() == addresses.sorted { $0.sortKey < $1.sortKey })
            #expect(addresses.sorted().first == .v4(c))
        }
    }

    @Test("IPv4-mapped addresses unmap to the IPv4 address; others do not")
    func mapped() throws {
        #expect(try IPAddress(parsing: "::ffff:10.1.2.3").unmapped == IPAddress("10.1.2.3"))
        #expect(try IPAddress(parsing: "::10.1.2.3").unmapped == nil)
        #expect(try IPAddress(parsing: "10.1.2.3").unmapped == nil)
        #expect(IPAddress("::ffff:10.1.2.3") != IPAddress("10.1.2.3"))
    }

    @Test("Advancing stops at the end of the family")
    func advancing() {
        #expect(IPAddress("10.0.0.255")?.advanced(by: 1) == IPAddress("10.0.1.0"))
        #expect(IPAddress("255.255.255.255")?.advanced(by: 1) == nil)
        #expect(IPAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")?.advanced(by: 1) == nil)
        #expect(IPAddress("::ffff:ffff")?.advanced(by: 1) == IPAddress("::1:0:0"))
    }

    @Test(
        "Prefixes know their first, last and usable addresses, and how many there are",
        arguments: [
            ("10.1.0.0/16", "10.1.0.0", "10.1.255.255", "10.1.0.1", "10.1.255.254", "65534"),
            ("192.0.2.0/24", "192.0.2.0", "192.0.2.255", "192.0.2.1", "192.0.2.254", "254"),
            ("192.0.2.4/30", "192.0.2.4", "192.0.2.7", "192.0.2.5", "192.0.2.6", "2"),
            ("192.0.2.4/31", "192.0.2.4", "192.0.2.5", "192.0.2.4", "192.0.2.5", "2"),
            ("192.0.2.7/32", "192.0.2.7", "192.0.2.7", "192.0.2.7", "192.0.2.7", "1"),
            ("0.0.0.0/0", "0.0.0.0", "255.255.255.255", "0.0.0.1", "255.255.255.254", "4294967294"),
            (
                "2001:db8::/64", "2001:db8::", "2001:db8::ffff:ffff:ffff:ffff", "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff",
                "18446744073709551615"
            ),
            ("2001:db8::/127", "2001:db8::", "2001:db8::1", "2001:db8::", "2001:db8::1", "2"),
            ("2001:db8::5/128", "2001:db8::5", "2001:db8::5", "2001:db8::5", "2001:db8::5", "1"),
            ("2001:db8::/126", "2001:db8::", "2001:db8::3", "2001:db8::1", "2001:db8::3", "3"),
            (
                "::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "340282366920938463463374607431768211455"
            ),
        ])
    func prefixBounds(text: String, first: String, last: String, usableFirst: String, usableLast: String, usable: String) throws {
        let prefix = try IPPrefix(parsing: text)
        #expect(prefix.description == text)
        #expect(prefix.first == IPAddress(first))
        #expect(prefix.last == IPAddress(last))
        #expect(prefix.usable == IPAddress(usableFirst)!...IPAddress(usableLast)!)
        #expect(prefix.usableCount.map { String($0) } == usable)
    }

    @Test("::/0 spans more addresses than 128 bits can count, and says so")
    func wholeIPv6Space() throws {
        #expect(try IPPrefix(parsing: "::/0").addressCount == nil)
        #expect(try IPPrefix(parsing: "::/1").addressCount == UInt128(1) << 127)
    }

    @Test(
        "A prefix must name its network, with a length its family allows",
        arguments: [
            ("10.1.2.3/16", IPAddress.ParseError.hostBitsSet), ("2001:db8::1/64", .hostBitsSet), ("10.0.0.0/33", .invalidLength),
            ("2001:db8::/129", .invalidLength), ("10.0.0.0/", .invalidLength), ("10.0.0.0/-1", .invalidLength),
            ("10.0.0.0/08", .invalidLength), ("10.0.0.0/8/8", .invalidLength), ("10.0.0/8", .invalidIPv4), ("/8", .empty),
        ])
    func malformedPrefix(text: String, reason: IPAddress.ParseError) {
        #expect(throws: reason) { try IPPrefix(parsing: text) }
    }

    @Test("An interface address names its address and its network; a bare address is a host prefix")
    func interfaceAddress() throws {
        let (address, prefix) = try IPPrefix.interface(parsing: "10.1.2.3/24")
        #expect(address == IPAddress("10.1.2.3"))
        #expect(prefix == IPPrefix("10.1.2.0/24"))
        #expect(try IPPrefix(parsing: "10.1.2.3") == IPPrefix("10.1.2.3/32"))
        #expect(try IPPrefix(parsing: "2001:db8::1") == IPPrefix("2001:db8::1/128"))
    }

    @Test("Containment and overlap follow the bits, never across families")
    func containment() throws {
        let net = try IPPrefix(parsing: "10.1.0.0/16")
        #expect(net.contains(IPAddress("10.1.255.255")!))
        #expect(!net.contains(IPAddress("10.2.0.0")!))
        #expect(net.contains(IPPrefix("10.1.128.0/17")!))
        #expect(net.contains(net))
        #expect(!net.contains(IPPrefix("10.0.0.0/8")!))
        #expect(net.overlaps(IPPrefix("10.0.0.0/8")!))
        #expect(!net.overlaps(IPPrefix("10.2.0.0/16")!))
        #expect(!IPPrefix("::/0")!.contains(IPAddress("10.1.2.3")!))
        #expect(!IPPrefix("::ffff:0:0/96")!.contains(IPPrefix("0.0.0.0/0")!))
    }

    @Test("Containment agrees with the first and last addresses for any prefix and address")
    func containmentProperty() async {
        await propertyCheck(input: Self.anyV6, Gen.int(in: 0...128), Self.anyV6) { network, length, probe in
            let prefix = IPPrefix(containing: .v6(network), length: length)
            let address = IPAddress.v6(probe)
            #expect(prefix.contains(address) == (prefix.first <= address && address <= prefix.last))
            #expect(prefix.contains(.v6(network)))
        }
        await propertyCheck(input: Self.anyV4, Gen.int(in: 0...32), Gen.int(in: 0...32)) { network, a, b in
            let (outer, inner) = (
                IPPrefix(containing: .v4(network), length: min(a, b)), IPPrefix(containing: .v4(network), length: max(a, b))
            )
            #expect(outer.contains(inner) && outer.overlaps(inner) && inner.overlaps(outer))
            #expect(inner.contains(outer) == (a == b))
        }
    }

    @Test("Prefixes sort as a tree: by network, the shorter before the longer")
    func prefixOrder() {
        let sorted = ["10.1.0.0/24", "10.0.0.0/8", "2001:db8::/32", "10.1.0.0/16", "10.0.0.0/16"].compactMap { IPPrefix($0) }.sorted()
        #expect(sorted.map(\.description) == ["10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "10.1.0.0/24", "2001:db8::/32"])
    }

    @Test("The first free address skips the reserved ones and every used one")
    func firstFree() throws {
        let net = try IPPrefix(parsing: "192.0.2.0/29")
        let used = ["192.0.2.1", "192.0.2.2", "192.0.2.4", "192.0.2.4", "10.0.0.1", "2001:db8::3"].compactMap { IPAddress($0) }.sorted()
        #expect(net.firstFree(sortedUsed: used) == IPAddress("192.0.2.3"))
        #expect(net.firstFree(sortedUsed: []) == IPAddress("192.0.2.1"))
        let full = (1...6).map { IPAddress.v4(0xc000_0200 + UInt32($0)) }
        #expect(net.firstFree(sortedUsed: full) == nil)
        #expect(IPPrefix("192.0.2.4/31")!.firstFree(sortedUsed: [IPAddress("192.0.2.4")!]) == IPAddress("192.0.2.5"))
        #expect(IPPrefix("192.0.2.7/32")!.firstFree(sortedUsed: [IPAddress("192.0.2.7")!]) == nil)
        #expect(IPPrefix("2001:db8::/127")!.firstFree(sortedUsed: []) == IPAddress("2001:db8::"))
        #expect(IPPrefix("2001:db8::/64")!.firstFree(sortedUsed: [IPAddress("2001:db8::1")!]) == IPAddress("2001:db8::2"))
        #expect(IPPrefix("2001:db8::5/128")!.firstFree(sortedUsed: []) == IPAddress("2001:db8::5"))
    }

    @Test("The first free address is usable, unused, and nothing smaller is both")
    func firstFreeProperty() async {
        await propertyCheck(input: Gen.uint32().array(of: 0...80), Gen.int(in: 24...32)) { offsets, length in
            let prefix = IPPrefix(containing: .v4(0x0a01_0200), length: length)
            let used = offsets.map { IPAddress.v4(0x0a01_0200 + $0 % 300) }.sorted()
            let usedSet = Set(used)
            let all = prefix.usable.lowerBound.value...prefix.usable.upperBound.value
            let expected = all.lazy.map { IPAddress(family: .v4, value: $0) }.first { !usedSet.contains($0) }
            #expect(prefix.firstFree(sortedUsed: used) == expected)
        }
    }

    @Test("Utilisation counts usable addresses, in basis points rounded down")
    func utilisation() throws {
        #expect(try IPPrefix(parsing: "10.1.0.0/24").utilisationBasisPoints(usedCount: 127) == 5000)
        #expect(try IPPrefix(parsing: "10.1.0.0/24").utilisationBasisPoints(usedCount: 254) == 10000)
        #expect(try IPPrefix(parsing: "10.1.0.0/24").utilisationBasisPoints(usedCount: 300) == 10000)
        #expect(try IPPrefix(parsing: "10.1.0.0/16").utilisationBasisPoints(usedCount: 60000) == 9155)
        #expect(try IPPrefix(parsing: "2001:db8::/64").utilisationBasisPoints(usedCount: 1_000_000) == 0)
        #expect(try IPPrefix(parsing: "::/0").utilisationBasisPoints(usedCount: 1) == 0)
        #expect(try IPPrefix(parsing: "::/0").utilisationBasisPoints(usedCount: .max) == 10000)
        #expect(try IPPrefix(parsing: "::/1").utilisationBasisPoints(usedCount: .max) == 10000)
    }

    @Test("Addresses and prefixes travel as their text in JSON, and bad text is refused")
    func json() throws {
        struct Pair: Codable, Equatable {
            let address: IPAddress
            let prefix: IPPrefix
        }
        let pair = Pair(address: IPAddress("2001:db8::1")!, prefix: IPPrefix("10.0.0.0/8")!)
        let data = try JSONEncoder().encode(pair)
        #expect(String(decoding: data, as: UTF8.self).contains(#""2001:db8::1""#))
        #expect(try JSONDecoder().decode(Pair.self, from: data) == pair)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Pair.self, from: Data(#"{"address":"1.2.3.4","prefix":"10.0.0.1/8"}"#.utf8))
        }
    }
}
