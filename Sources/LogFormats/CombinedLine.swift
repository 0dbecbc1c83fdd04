/// One line of the NCSA common or combined log format, as web servers and many proxies and filters write it:
/// `host ident authuser [10/Oct/2026:13:55:36 +0200] "GET http://example.com/ HTTP/1.1" 200 2326 "referer" "agent"`
/// (common ends after the size). Texts are byte ranges of the line; nothing is allocated per line.
public struct CombinedLine: Sendable, Equatable {
    public var client: Range<Int>
    /// The authenticated user; nil for `-`.
    public var user: Range<Int>?
    /// Milliseconds since 1970 (UTC), the written offset applied.
    public var time: Int64
    /// The request line inside its quotes, escapes left as written.
    public var request: Range<Int>
    /// Empty when the request line is not `METHOD TARGET [VERSION]` (a bare `-`, bytes of a broken client).
    public var method: Range<Int>
    public var target: Range<Int>
    /// The host of an absolute target (a proxy's `GET http://…`) or a CONNECT's `host:port`; empty for a path.
    public var host: Range<Int>
    public var status: Int
    /// 0 for `-`.
    public var bytes: Int64
    public var referer: Range<Int>?
    public var userAgent: Range<Int>?
}
