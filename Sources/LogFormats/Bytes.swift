// What every parser of LogFormats reads lines with: fields, numbers, texts and hosts found in place over bytes.

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
