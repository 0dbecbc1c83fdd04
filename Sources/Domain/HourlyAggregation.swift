import Foundation

/// Raw check results folded into hourly aggregates — count, problems, min/avg/max response time and measured value, up
/// and down seconds —
/// so that a year's uptime is read from 8,760 rows per check, not from half a million results. The retention job
/// folds each complete hour once and then deletes the raw results older than their retention.
public enum HourlyAggregation {
    public struct Sample: Sendable, Equatable {
        public let time: Date
        public let milliseconds: Int?
        /// What the check measured (per cent used, days left), for the forecasts.
        public let value: Int?
        /// A hard problem from this result on.
        public let down: Bool
        public let problem: Bool

        public init(_ time: Date, milliseconds: Int?, value: Int? = nil, down: Bool, problem: Bool? = nil) {
            (self.time, self.milliseconds, self.value, self.down, self.problem) = (time, milliseconds, value, down, problem ?? down)
        }
    }

    public struct Hour: Sendable, Equatable {
        public let start: Date
        public var count = 0
        public var problems = 0
        public var minimumMilliseconds: Int?
        public var maximumMilliseconds: Int?
        public var totalMilliseconds = 0
        public var timedCount = 0
        public var upSeconds: Double = 0
        public var downSeconds: Double = 0
        public var minimumValue: Int?
        public var maximumValue: Int?
        public var totalValue = 0
        public var valuedCount = 0

        public init(start: Date) { self.start = start }

        public var averageMilliseconds: Int? { timedCount > 0 ? totalMilliseconds / timedCount : nil }
        public var averageValue: Int? { valuedCount > 0 ? Int((Double(totalValue) / Double(valuedCount)).rounded()) : nil }
    }

    /// The hours from the first sample's hour up to `end` (exclusive, a whole hour). Each sample's state lasts until the
    /// next sample, at most `maximumGap` (a check that stopped reporting is neither up nor down), split at hour
    /// boundaries.
    public static func hours(_ samples: [Sample], until end: Date, maximumGap: TimeInterval) -> [Hour] {
        let sorted = samples.sorted { $0.time < $1.time }.filter { $0.time < end }
        guard let first = sorted.first else { return [] }
        let origin = floor(first.time.timeIntervalSince1970 / 3600) * 3600
        let count = Int(ceil((end.timeIntervalSince1970 - origin) / 3600))
        var hours = (0..<max(0, count)).map { Hour(start: Date(timeIntervalSince1970: origin + Double($0) * 3600)) }
        func index(_ time: TimeInterval) -> Int { Int(floor((time - origin) / 3600)) }
        for (position, sample) in sorted.enumerated() {
            let at = sample.time.timeIntervalSince1970
            var hour = hours[index(at)]
            hour.count += 1
            if sample.problem { hour.problems += 1 }
            if let ms = sample.milliseconds {
                hour.minimumMilliseconds = min(hour.minimumMilliseconds ?? ms, ms)
                hour.maximumMilliseconds = max(hour.maximumMilliseconds ?? ms, ms)
                hour.totalMilliseconds += ms
                hour.timedCount += 1
            }
            if let value = sample.value {
                hour.minimumValue = min(hour.minimumValue ?? value, value)
                hour.maximumValue = max(hour.maximumValue ?? value, value)
                hour.totalValue += value
                hour.valuedCount += 1
            }
            hours[index(at)] = hour
            // The state until the next sample, or the gap limit, or the end, split hour by hour.
            let next = position + 1 < sorted.count ? sorted[position + 1].time.timeIntervalSince1970 : end.timeIntervalSince1970
            var cursor = at
            let until = min(next, at + maximumGap, end.timeIntervalSince1970)
            while cursor < until {
                let slot = index(cursor)
                let boundary = min(until, origin + Double(slot + 1) * 3600)
                if sample.down { hours[slot].downSeconds += boundary - cursor } else { hours[slot].upSeconds += boundary - cursor }
                cursor = boundary
            }
        }
        return hours
    }
}
