import Foundation

/// Turns instants into the organisation's local day and hour, fast enough for every log line: the zone's offset is
/// looked up once and reused until the zone's next daylight-saving transition.
public struct LocalDayClock: Sendable {
    public let timeZone: TimeZone
    private var validFrom: Int64 = .max
    private var validUntil: Int64 = .min
    private var offsetMilliseconds: Int64 = 0

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Days since 1970-01-01 in local time, and the local hour (0–23), of `milliseconds` since 1970 (UTC).
    public mutating func dayAndHour(_ milliseconds: Int64) -> (day: Int, hour: Int) {
        if milliseconds < validFrom || milliseconds >= validUntil { refresh(milliseconds) }
        let local = milliseconds + offsetMilliseconds
        let day = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        return (Int(day), Int((local - day * 86_400_000) / 3_600_000))
    }

    /// The window around `milliseconds` in which the zone has no transition: from the latest transition of the day
    /// before (or that day's start) to the next one (or a year on).
    private mutating func refresh(_ milliseconds: Int64) {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        offsetMilliseconds = Int64(timeZone.secondsFromGMT(for: date)) * 1000
        let dayBefore = date.addingTimeInterval(-86400)
        validFrom = milliseconds - 86_400_000
        if let transition = timeZone.nextDaylightSavingTimeTransition(after: dayBefore), transition <= date {
            validFrom = Int64((transition.timeIntervalSince1970 * 1000).rounded(.up))
        }
        let next = timeZone.nextDaylightSavingTimeTransition(after: date)
        validUntil = next.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) } ?? milliseconds + 366 * 86_400_000
    }

    /// "YYYY-MM-DD" of a day number.
    public static func text(ofDay day: Int) -> String {
        CalendarDate(daysSince1970: day).description
    }
}
