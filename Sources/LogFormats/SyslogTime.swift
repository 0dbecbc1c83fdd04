/// When a syslog line says it was written: RFC 3339 / RFC 5424 timestamps are complete; the classic BSD form
/// (`Dec  3 10:15:30`) has no year and no zone, which the reader supplies (`SyslogYear`).
public enum SyslogTime: Sendable, Equatable, Codable {
    /// Milliseconds since 1970 (UTC).
    case instant(Int64)
    /// Month (1–12), day and seconds into the day, in the writer's local time, year unknown.
    case yearless(month: Int, day: Int, secondOfDay: Int)
}

/// Years for yearless syslog times, read in a log's order. A log runs forward in time, so a month smaller than the
/// line before's means a new year (December, then January); the first line takes the year that puts it not after the
/// reference day — the file's last change — so a December line read in January belongs to the year before.
public struct SyslogYear: Sendable {
    private var year: Int
    private var lastMonth: Int?
    private let reference: (year: Int, month: Int, day: Int)

    public init(referenceYear: Int, month: Int, day: Int) {
        reference = (referenceYear, month, day)
        year = referenceYear
    }

    public mutating func year(month: Int, day: Int) -> Int {
        if let lastMonth {
            if month < lastMonth { year += 1 }
        } else if (month, day) > (reference.month, reference.day + 1) {
            year = reference.year - 1
        }
        lastMonth = month
        return year
    }
}

extension SyslogTime {
    /// Milliseconds since 1970 for a yearless time, given its year and the writer's offset from UTC on that day.
    public static func milliseconds(year: Int, month: Int, day: Int, secondOfDay: Int, utcOffsetSeconds: Int) -> Int64 {
        let days = CivilDate.daysSince1970(year: Int64(year), month: Int64(month), day: Int64(day))
        return (days * 86_400 + Int64(secondOfDay) - Int64(utcOffsetSeconds)) * 1000
    }
}
