/// The Public Suffix List (https://publicsuffix.org, Mozilla Public License 2.0): which part of a host name is public
/// (`ee`, `co.uk`, `github.io`) and so which is the registrable domain a report counts by — `news.err.ee` and
/// `www.err.ee` are both `err.ee`, `a.b.example.co.uk` is `example.co.uk`. Built from the list's text; rules in
/// Unicode do not match hosts written in punycode (`xn--…`), which then count by their last two labels.
public struct PublicSuffixList: Sendable {
    private var rules: Set<Substring> = []
    /// `*.ck` is kept as `ck`: every label under it is public.
    private var wildcards: Set<Substring> = []
    /// `!www.ck` is kept as `www.ck`: not public, though a wildcard covers it.
    private var exceptions: Set<Substring> = []

    /// Rules from the list's text: one a line, `//` comments and blank lines skipped.
    public init(text: String) {
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            guard let rule = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first, !rule.hasPrefix("//") else { continue }
            let lowered = Substring(rule.lowercased())
            if lowered.hasPrefix("!") {
                exceptions.insert(lowered.dropFirst())
            } else if lowered.hasPrefix("*.") {
                wildcards.insert(lowered.dropFirst(2))
            } else {
                rules.insert(lowered)
            }
        }
    }

    public var count: Int { rules.count + wildcards.count + exceptions.count }

    /// The registrable domain of `host` (lower-cased, without a trailing dot); nil for an address, a bare public suffix
    /// or an empty name.
    public func registrableDomain(_ host: String) -> String? {
        var name = Substring(host.lowercased())
        while name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty, !Self.isAddress(name) else { return nil }
        // Where each label starts, from the left.
        var starts = [name.startIndex]
        var index = name.startIndex
        while let dot = name[index...].firstIndex(of: ".") {
            index = name.index(after: dot)
            starts.append(index)
        }
        // The longest matching rule wins; an exception beats the wildcard that covers it; no rule: the last label.
        var publicStart = starts.count - 1
        for (position, start) in starts.enumerated() {
            let suffix = name[start...]
            if exceptions.contains(suffix) {
                publicStart = position + 1
                break
            }
            if rules.contains(suffix) {
                publicStart = position
                break
            }
            if position + 1 < starts.count, wildcards.contains(name[starts[position + 1]...]) {
                publicStart = position
                break
            }
        }
        guard publicStart > 0, publicStart < starts.count else { return nil }
        return String(name[starts[publicStart - 1]...])
    }

    /// An IPv4 address (digits and dots) or an IPv6 one (has a colon).
    static func isAddress(_ name: Substring) -> Bool {
        name.contains(":") || name.allSatisfy { $0 == "." || ("0"..."9").contains($0) }
    }
}
