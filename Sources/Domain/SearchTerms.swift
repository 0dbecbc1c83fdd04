import Foundation

/// What a search box's text could mean. One text is tried as everything it can be at once: "10.1.2.3" is an address
/// (and a fragment of a name), "00:1a:2b:3c:4d:5e" a MAC address, "10.1.0.0/16" a prefix, "srv-tal-01.example.lan"
/// a DNS name; any text is a tag, a serial number and a fragment of a name, hostname or holder.
public struct SearchTerms: Sendable, Equatable {
    /// The longest text searched for; anything longer is nobody's tag, name or address.
    public static let maximumLength = 200
    /// Fragments shorter than this are matched exactly only: a "contains" search for one or two characters matches
    /// most of an inventory and cannot use a trigram index.
    public static let minimumFragment = 3

    /// The text as typed, trimmed.
    public let text: String
    /// The text lower-cased, as the search columns are stored, with the wildcard characters of LIKE removed.
    public let folded: String
    /// A single address; "10.1.2.3/24" (an interface address) means 10.1.2.3.
    public let address: IPAddress?
    /// A network such as "10.1.0.0/16": the addresses inside it.
    public let prefix: IPPrefix?
    public let mac: MACAddress?

    public init?(_ raw: String) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= Self.maximumLength else { return nil }
        self.text = text
        folded = text.lowercased().filter { $0 != "%" && $0 != "_" }
        if let prefix = IPPrefix(text), text.contains("/") {
            self.prefix = prefix
            address = nil
        } else {
            prefix = nil
            address = IPAddress(text) ?? (try? IPPrefix.interface(parsing: text))?.address
        }
        mac = MACAddress(text)
    }

    /// Whether the text is long enough to be looked for inside names.
    public var searchesFragments: Bool { folded.unicodeScalars.count >= Self.minimumFragment }

    /// The folded text as a person's sort name may hold it: "anna mägi" is also looked for as "mägi anna", as names
    /// are sorted by the last one.
    public var nameOrders: [String] {
        let words = folded.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count > 1 else { return [folded] }
        return [folded, ([words.last!] + words.dropLast()).joined(separator: " ")]
    }

    /// Whether the text could be a DNS name: letters, digits, hyphens and at least one dot inside.
    public var couldBeDNSName: Bool {
        address == nil && prefix == nil && folded.contains(".") && !folded.hasPrefix(".") && !folded.hasSuffix(".")
            && folded.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
    }
}

/// Why a search found a record, best first: an exact tag beats an exact serial number, which beats an address, and so
/// on down to a fragment of a name. A record found in several ways is listed once, for its best reason.
public enum SearchMatch: String, CaseIterable, Sendable, Codable, Comparable {
    case tag, serial, ipAddress = "ip_address", mac, dnsName = "dns_name", name, holder, fragment

    public var labelKey: String { "search.match.\(rawValue)" }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: SearchMatch, rhs: SearchMatch) -> Bool { lhs.rank < rhs.rank }
}

/// A record found, with the reason and the key it is listed by.
public struct SearchHit<ID: Hashable & Sendable>: Sendable, Equatable {
    public let id: ID
    public let match: SearchMatch
    public let sortKey: String

    public init(id: ID, match: SearchMatch, sortKey: String) {
        (self.id, self.match, self.sortKey) = (id, match, sortKey)
    }

    /// Each record once, for its best reason; best reasons first, then by key; at most `limit`.
    public static func ranked(_ hits: [SearchHit], limit: Int) -> [SearchHit] {
        var best: [ID: SearchHit] = [:]
        for hit in hits {
            if let known = best[hit.id], known.match <= hit.match { continue }
            best[hit.id] = hit
        }
        return best.values.sorted { ($0.match, $0.sortKey) < ($1.match, $1.sortKey) }.prefix(limit).map { $0 }
    }
}
