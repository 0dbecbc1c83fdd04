import Foundation

public struct CronExpression: Sendable, Equatable {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let text: String
        init(_ text: String) { self.text = text }
        public var description: String { "not a schedule: \(text)" }
    }

    public let source: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    public init(_ source: String) throws {
        let fields = source.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else { throw ParseError(source) }
        self.source = source
        minutes = try Self.field(fields[0], 0...59, source)
        hours = try Self.field(fields[1], 0...23, source)
        daysOfMonth = try Self.field(fields[2], 1...31, source)
        months = try Self.field(fields[3], 1...12, source)
        // 0 and 7 both mean Sunday.
        daysOfWeek = Set(try Self.field(fields[4], 0...7, source).map { $0 % 7 })
        dayOfMonthRestricted = fields[2] != "*"
        dayOfWeekRestricted = fields[4] != "*"
    }

    private static func field(_ text: String, _ range: ClosedRange<Int>, _ source: String) throws -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",") {
            let stepParts = part.split(separator: "/")
            guard stepParts.count <= 2 else { throw ParseError(source) }
            let step = stepParts.count == 2 ? Int(stepParts[1]) : 1
            guard let step, step > 0 else { throw ParseError(source) }
            var lower = range.lowerBound
            var upper = range.upperBound
            if stepParts[0] != "*" {
                let bounds = stepParts[0].split(separator: "-").map { Int($0) }
                guard (1...2).contains(bounds.count), let first = bounds[0], let last = bounds.last!, range.contains(first),
                    range.contains(last), first <= last
                else { throw ParseError(source) }
                lower = first
                upper = bounds.count == 2 || stepParts.count == 2 ? (bounds.count == 2 ? last : range.upperBound) : first
            }
            values.formUnion(stride(from: lower, through: upper, by: step))
        }
        return values
    }

    /// The first whole minute strictly after `date` that matches, searching at most five years ahead.
    public func nextMatch(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var candidate = calendar.date(bySetting: .second, value: 0, of: date.addingTimeInterval(60)) ?? date
        if candidate <= date { candidate = candidate.addingTimeInterval(60) }
        candidate = Date(timeIntervalSince1970: (candidate.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let limit = date.addingTimeInterval(5 * 366 * 86400)
        while candidate < limit {
            let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: candidate)
            guard months.contains(parts.month!) else {
                candidate = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: candidate))!
                continue
            }
            let dayOfMonthMatches = daysOfMonth.contains(parts.day!)
            let dayOfWeekMatches = daysOfWeek.contains(parts.weekday! - 1)
            // Vixie cron: when both day fields are restricted, either may match.
            let dayMatches =
                dayOfMonthRestricted && dayOfWeekRestricted
                ? (dayOfMonthMatches || dayOfWeekMatches) : (dayOfMonthMatches && dayOfWeekMatches)
            guard dayMatches else {
                candidate = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: candidate))!
                continue
            }
            guard hours.contains(parts.hour!) else {
                candidate = candidate.addingTimeInterval(TimeInterval((60 - parts.minute!) * 60))
                continue
            }
            if minutes.contains(parts.minute!) { return candidate }
            candidate = candidate.addingTimeInterval(60)
        }
        return limit
    }
}
