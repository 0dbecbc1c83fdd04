/// RFC 3339 timestamps: `2026-12-03T10:15:30Z`, with a fraction of any length and an offset.
enum RFC3339 {
    static func milliseconds(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        guard range.count >= 20 else { return nil }
        let s = range.lowerBound
        func number(_ offset: Int, _ length: Int) -> Int64? { Bytes.integer(line, (s + offset)..<(s + offset + length)) }
        guard line[s + 4] == UInt8(ascii: "-"), line[s + 7] == UInt8(ascii: "-"), line[s + 10] | 0x20 == UInt8(ascii: "t"),
            line[s + 13] == UInt8(ascii: ":"), line[s + 16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var index = s + 19
        var millis: Int64 = 0
        if index < range.upperBound, line[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < range.upperBound, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
                if digits < 3 { millis = millis * 10 + Int64(line[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        guard index < range.upperBound else { return nil }
        var offset: Int64 = 0
        switch line[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == range.upperBound else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == range.upperBound, line[index + 3] == UInt8(ascii: ":"),
                let hours = Bytes.integer(line, (index + 1)..<(index + 3)), let minutes = Bytes.integer(line, (index + 4)..<(index + 6))
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (line[index] == UInt8(ascii: "+") ? 1 : -1)
        default: return nil
        }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis - offset * 1000
    }
}
