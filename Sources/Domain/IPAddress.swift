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
}
