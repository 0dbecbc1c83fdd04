/// The host of a URL, found in place.
enum URLHost {
    /// `scheme://[user@]host[:port][/path]`, or with `authorityOnly` (CONNECT) `host:port`; IPv6 hosts without their
    /// brackets. Empty when there is none (`error:invalid-request`, `-`).
    static func host(_ line: UnsafeRawBufferPointer, _ url: Range<Int>, authorityOnly: Bool) -> Range<Int> {
        var start = url.lowerBound
        if !authorityOnly {
            // After "://"; a URL without one (Squid's "error:…") has no host.
            var found: Int?
            var index = url.lowerBound
            while index + 2 < url.upperBound {
                if line[index] == UInt8(ascii: ":"), line[index + 1] == UInt8(ascii: "/"), line[index + 2] == UInt8(ascii: "/") {
                    found = index + 3
                    break
                }
                if line[index] == UInt8(ascii: "/") { break }
                index += 1
            }
            guard let found else { return url.lowerBound..<url.lowerBound }
            start = found
        }
        // The authority ends at the path, query or fragment.
        var end = start
        while end < url.upperBound, line[end] != UInt8(ascii: "/"), line[end] != UInt8(ascii: "?"), line[end] != UInt8(ascii: "#") {
            end += 1
        }
        if let at = Bytes.lastIndex(of: UInt8(ascii: "@"), in: line, start..<end) { start = at + 1 }
        guard start < end else { return start..<start }
        if line[start] == UInt8(ascii: "[") {
            guard let close = Bytes.firstIndex(of: UInt8(ascii: "]"), in: line, start..<end) else { return start..<start }
            return (start + 1)..<close
        }
        if let colon = Bytes.firstIndex(of: UInt8(ascii: ":"), in: line, start..<end) { return start..<colon }
        return start..<end
    }
}
