/// One line of Squid's native `access.log`, parsed where it lies: numbers as numbers, texts as byte ranges of the
/// line, so that reading ten million lines allocates nothing per line. Squid writes it as
/// `%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt`: time, elapsed milliseconds (padded with spaces),
/// client address, result code and HTTP status, bytes sent to the client, method, URL, user name (URL-encoded, or
/// `-`), hierarchy code and peer, content type.
public struct SquidLine: Sendable, Equatable {
    /// Milliseconds since 1970 (UTC).
    public var time: Int64
    public var elapsedMilliseconds: Int
    /// The client's address, IPv4 or IPv6, as written.
    public var client: Range<Int>
    /// Squid's result code: `TCP_MISS`, `TCP_DENIED`, `NONE_NONE`, `TCP_MISS_ABORTED`…
    public var result: Range<Int>
    /// The HTTP status sent to the client; 0 where Squid wrote `000` (nothing was sent).
    public var status: Int
    public var bytes: Int64
    public var method: Range<Int>
    public var url: Range<Int>
    /// The host the request went to: from the URL, or `host:port` of a CONNECT; empty for Squid's own `error:` URLs.
    public var host: Range<Int>
    /// The user name as written (URL-encoded); nil for `-`.
    public var user: Range<Int>?
    public var hierarchy: Range<Int>
    public var contentType: Range<Int>?
    /// Refused by the proxy: a `DENIED` result (including the 407 that asks a browser to authenticate).
    public var denied: Bool
    /// The client went away or the transfer timed out before the end (`_ABORTED`, `_TIMEDOUT`).
    public var incomplete: Bool
}

public enum SquidLog {
    /// The line's fields, or nil when it is not a Squid native line (too few fields, a field that must be a number
    /// and is not). `line` excludes its line feed.
    public static func parse(_ line: UnsafeRawBufferPointer) -> SquidLine? {
        var fields = FieldSplitter(line)
        guard let timeField = fields.next(), let elapsedField = fields.next(), let client = fields.next(), let code = fields.next(),
            let bytesField = fields.next(), let method = fields.next(), let url = fields.next(), let user = fields.next(),
            let hierarchy = fields.next()
        else { return nil }
        // The content type may be missing on very old lines; anything after it (logged headers) is not read.
        let type = fields.next()
        guard let time = Bytes.decimalMilliseconds(line, timeField), let elapsed = Bytes.integer(line, elapsedField),
            let slash = Bytes.lastIndex(of: UInt8(ascii: "/"), in: line, code), slash > code.lowerBound,
            let status = Bytes.integer(line, (slash + 1)..<code.upperBound), let bytes = Bytes.integer(line, bytesField)
        else { return nil }
        let result = code.lowerBound..<slash
        let isConnect = Bytes.equals(line, method, "CONNECT")
        return SquidLine(
            time: time, elapsedMilliseconds: Int(elapsed), client: client, result: result, status: Int(status), bytes: bytes,
            method: method, url: url, host: URLHost.host(line, url, authorityOnly: isConnect),
            user: Bytes.isDash(line, user) ? nil : user, hierarchy: hierarchy,
            contentType: type.flatMap { Bytes.isDash(line, $0) ? nil : $0 },
            denied: Bytes.contains(line, result, "DENIED"),
            incomplete: Bytes.contains(line, result, "_ABORTED") || Bytes.contains(line, result, "_TIMEDOUT"))
    }

    /// `parse` over an array of bytes (tests, single lines).
    public static func parse(_ line: [UInt8]) -> SquidLine? { line.withUnsafeBytes { parse($0) } }
}
