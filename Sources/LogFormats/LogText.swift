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
