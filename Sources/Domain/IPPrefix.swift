/// A network: an address with a prefix length, host bits zero ("10.1.0.0/16", "2001:db8::/32").
public struct IPPrefix: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let network: IPAddress
    public let length: Int

    public var family: IPAddress.Family { network.family }

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

    public func contains(_ address: IPAddress) -> Bool {
        address.family == family && address.value & Self.mask(family, length) == network.value
    }

    /// Whether `other` lies wholly inside this prefix (a prefix contains itself).
    public func contains(_ other: IPPrefix) -> Bool {
        other.family == family && other.length >= length && contains(other.network)
    }

    /// Two prefixes of one family overlap exactly when one contains the other.
    public func overlaps(_ other: IPPrefix) -> Bool { contains(other) || other.contains(self) }

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

    static func mask(_ family: IPAddress.Family, _ length: Int) -> UInt128 {
        let hostBits = family.bitWidth - length
        let hostMask: UInt128 = hostBits >= 128 ? .max : (UInt128(1) << hostBits) - 1
        return family.maxValue & ~hostMask
    }
}
