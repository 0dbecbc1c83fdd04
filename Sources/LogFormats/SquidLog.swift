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

/// What is kept of a line's texts: the few values that are (user names, hosts), read out only then.
public enum LogText {
    /// The bytes as text.
    public static func string(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self)
    }

    /// The bytes with `%XX` escapes decoded (Squid writes user names so: `john%40corp.example`); an escape that is not
    /// one stays as it is.
    public static func percentDecoded(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            if line[index] == UInt8(ascii: "%"), index + 2 < range.upperBound, let high = hex(line[index + 1]),
                let low = hex(line[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(line[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Fields separated by runs of spaces or tabs.
struct FieldSplitter {
    let line: UnsafeRawBufferPointer
    var position = 0

    init(_ line: UnsafeRawBufferPointer) { self.line = line }

    mutating func next() -> Range<Int>? {
        while position < line.count, line[position] == 0x20 || line[position] == 0x09 { position += 1 }
        guard position < line.count else { return nil }
        let start = position
        while position < line.count, line[position] != 0x20, line[position] != 0x09 { position += 1 }
        return start..<position
    }
}

/// Small readings of bytes in place.
enum Bytes {
    /// A non-negative decimal integer filling the range; nil for anything else (or more than 18 digits).
    static func integer(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value: Int64 = 0
        for index in range {
            let digit = line[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    /// Seconds with up to three decimals ("1286536309.458", "1286536309") as milliseconds.
    static func decimalMilliseconds(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        guard let dot = lastIndex(of: UInt8(ascii: "."), in: line, range) else { return integer(line, range).map { $0 * 1000 } }
        guard let seconds = integer(line, range.lowerBound..<dot) else { return nil }
        let fraction = (dot + 1)..<range.upperBound
        guard fraction.count <= 3 else { return nil }
        guard let digits = fraction.isEmpty ? 0 : integer(line, fraction) else { return nil }
        let scale: Int64 = fraction.count == 1 ? 100 : fraction.count == 2 ? 10 : 1
        return seconds * 1000 + digits * scale
    }

    static func lastIndex(of byte: UInt8, in line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            if line[index] == byte { return index }
        }
        return nil
    }

    static func firstIndex(of byte: UInt8, in line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        for index in range where line[index] == byte { return index }
        return nil
    }

    static func isDash(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.count == 1 && line[range.lowerBound] == UInt8(ascii: "-")
    }

    static func equals(_ line: UnsafeRawBufferPointer, _ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let pattern = text.utf8Start
        for offset in 0..<range.count where line[range.lowerBound + offset] != pattern[offset] { return false }
        return true
    }

    static func contains(_ line: UnsafeRawBufferPointer, _ range: Range<Int>, _ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard range.count >= length else { return false }
        let pattern = text.utf8Start
        var start = range.lowerBound
        while start + length <= range.upperBound {
            var offset = 0
            while offset < length, line[start + offset] == pattern[offset] { offset += 1 }
            if offset == length { return true }
            start += 1
        }
        return false
    }

}

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
