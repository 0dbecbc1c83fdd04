/// The syslog header's time: RFC 3339 (`2026-12-03T10:15:30.123456+01:00`, as rsyslog's high-precision format and
/// RFC 5424 write it) or the classic `Mmm dd hh:mm:ss`. RFC 5424's `<PRI>1 ` prefix is skipped.
enum SyslogHeader {
    static func time(_ line: UnsafeRawBufferPointer, _ position: inout Int, rfc5424: inout Bool) -> SyslogTime? {
        var start = 0
        // <PRI>VERSION of RFC 5424, or <PRI> of a raw RFC 3164 line.
        if start < line.count, line[start] == UInt8(ascii: "<"),
            let close = Bytes.firstIndex(of: UInt8(ascii: ">"), in: line, 0..<min(line.count, 6))
        {
            start = close + 1
            if start + 1 < line.count, line[start] == UInt8(ascii: "1"), line[start + 1] == 0x20 {
                start += 2
                rfc5424 = true
            }
        }
        guard start + 15 <= line.count else { return nil }
        if line[start + 4] == UInt8(ascii: "-") {
            var fields = FieldSplitter(line)
            fields.position = start
            guard let field = fields.next(), let instant = RFC3339.milliseconds(line, field) else { return nil }
            position = field.upperBound
            return .instant(instant)
        }
        // Mmm dd hh:mm:ss: the day padded with a space ("Dec  3"), or by some writers not ("Dec 3").
        guard let month = CommonTime.month(line[start], line[start + 1], line[start + 2]), line[start + 3] == 0x20 else { return nil }
        let day: Range<Int>
        if line[start + 4] == 0x20 {
            day = (start + 5)..<(start + 6)
        } else if line[start + 5] == 0x20 {
            day = (start + 4)..<(start + 5)
        } else {
            day = (start + 4)..<(start + 6)
        }
        let clock = day.upperBound + 1
        guard line[day.upperBound] == 0x20, clock + 8 <= line.count, line[clock + 2] == UInt8(ascii: ":"),
            line[clock + 5] == UInt8(ascii: ":"), let dayNumber = Bytes.integer(line, day), (1...31).contains(dayNumber),
            let hour = Bytes.integer(line, clock..<(clock + 2)), let minute = Bytes.integer(line, (clock + 3)..<(clock + 5)),
            let second = Bytes.integer(line, (clock + 6)..<(clock + 8)), hour < 24, minute < 60, second < 61
        else { return nil }
        position = clock + 8
        return .yearless(month: month, day: Int(dayNumber), secondOfDay: Int(hour * 3600 + minute * 60 + second))
    }
}
