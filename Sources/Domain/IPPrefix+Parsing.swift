extension IPPrefix {
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
}
