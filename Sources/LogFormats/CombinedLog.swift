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

public enum CombinedLog {
    public static func parse(_ line: UnsafeRawBufferPointer) -> CombinedLine? {
        var fields = FieldSplitter(line)
        guard let client = fields.next(), fields.next() != nil, let user = fields.next() else { return nil }
        // [date] is one field: the day and time, a space, the offset, in brackets.
        var position = fields.position
        while position < line.count, line[position] == 0x20 { position += 1 }
        guard position < line.count, line[position] == UInt8(ascii: "["),
            let close = Bytes.firstIndex(of: UInt8(ascii: "]"), in: line, position..<line.count),
            let time = CommonTime.milliseconds(line, (position + 1)..<close)
        else { return nil }
        position = close + 1
        guard let request = quoted(line, &position) else { return nil }
        fields.position = position
        guard let statusField = fields.next(), let status = Bytes.integer(line, statusField), let sizeField = fields.next() else {
            return nil
        }
        let bytes: Int64
        if Bytes.isDash(line, sizeField) {
            bytes = 0
        } else {
            guard let size = Bytes.integer(line, sizeField) else { return nil }
            bytes = size
        }
        position = fields.position
        let referer = quoted(line, &position)
        let agent = referer == nil ? nil : quoted(line, &position)
        // The request line: method, target, version, split on single spaces.
        var parts = FieldSplitter(UnsafeRawBufferPointer(rebasing: line[request]))
        var method = request.lowerBound..<request.lowerBound
        var target = method
        var host = method
        if let first = parts.next(), let second = parts.next() {
            method = (request.lowerBound + first.lowerBound)..<(request.lowerBound + first.upperBound)
            target = (request.lowerBound + second.lowerBound)..<(request.lowerBound + second.upperBound)
            host = URLHost.host(line, target, authorityOnly: Bytes.equals(line, method, "CONNECT"))
        }
        return CombinedLine(
            client: client, user: Bytes.isDash(line, user) ? nil : user, time: time, request: request, method: method, target: target,
            host: host, status: Int(status), bytes: bytes, referer: referer.flatMap { Bytes.isDash(line, $0) ? nil : $0 },
            userAgent: agent.flatMap { Bytes.isDash(line, $0) ? nil : $0 })
    }

    public static func parse(_ line: [UInt8]) -> CombinedLine? { line.withUnsafeBytes { parse($0) } }

    /// A double-quoted field starting at `position` (after spaces), with `\"` and `\\` inside; the range is inside the
    /// quotes, and `position` moves past the closing one.
    static func quoted(_ line: UnsafeRawBufferPointer, _ position: inout Int) -> Range<Int>? {
        var index = position
        while index < line.count, line[index] == 0x20 { index += 1 }
        guard index < line.count, line[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        index = start
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                position = index + 1
                return start..<index
            default: index += 1
            }
        }
        return nil
    }
}

/// The common log format's time, `10/Oct/2026:13:55:36 +0200`, as milliseconds since 1970 (UTC).
enum CommonTime {
    static func milliseconds(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        // dd/Mon/yyyy:HH:MM:SS +hhmm: 26 bytes exactly.
        guard range.count == 26 else { return nil }
        let s = range.lowerBound
        func number(_ offset: Int, _ length: Int) -> Int64? { Bytes.integer(line, (s + offset)..<(s + offset + length)) }
        guard line[s + 2] == UInt8(ascii: "/"), line[s + 6] == UInt8(ascii: "/"), line[s + 11] == UInt8(ascii: ":"),
            line[s + 14] == UInt8(ascii: ":"), line[s + 17] == UInt8(ascii: ":"), line[s + 20] == 0x20,
            let day = number(0, 2), let year = number(7, 4), let hour = number(12, 2), let minute = number(15, 2),
            let second = number(18, 2), let offsetHours = number(22, 2), let offsetMinutes = number(24, 2),
            let month = Self.month(line[s + 3], line[s + 4], line[s + 5]), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let sign: Int64
        switch line[s + 21] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        let days = CivilDate.daysSince1970(year: year, month: Int64(month), day: day)
        let local = ((days * 24 + hour) * 60 + minute) * 60 + second
        return (local - sign * (offsetHours * 3600 + offsetMinutes * 60)) * 1000
    }

    /// Jan…Dec, as English abbreviations in any case.
    static func month(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        let key = (UInt32(a | 0x20) << 16) | (UInt32(b | 0x20) << 8) | UInt32(c | 0x20)
        return months.firstIndex(of: key).map { $0 + 1 }
    }

    /// "jan" … "dec" as three bytes in one number.
    static let months: [UInt32] = [
        0x6A_616E, 0x66_6562, 0x6D_6172, 0x61_7072, 0x6D_6179, 0x6A_756E, 0x6A_756C, 0x61_7567, 0x73_6570, 0x6F_6374, 0x6E_6F76, 0x64_6563,
    ]
}

/// Days between 1970-01-01 and a date of the proleptic Gregorian calendar (Howard Hinnant's days-from-civil).
enum CivilDate {
    static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
