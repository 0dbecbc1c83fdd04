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
