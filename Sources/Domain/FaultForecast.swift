import Foundation

/// When will a measured series cross its threshold? Disk usage from SNMP, response time, days to a certificate's
/// expiry: a least-squares line through the series since its last step change (a disk swapped, a volume grown, a
/// log rotated), extended to the threshold.
///
/// Steps are found by splitting the series where one line on each side fits markedly better than a single line
/// (an F-like ratio of the residuals, checked again on the later part until no split pays), so that a level shift
/// does not bend the trend. Measurements are Doubles: they are readings, not money.
public enum FaultForecast {
    public struct Point: Sendable, Equatable {
        public let time: Date
        public let value: Double

        public init(_ time: Date, _ value: Double) { (self.time, self.value) = (time, value) }
    }

    public struct Prediction: Sendable, Equatable {
        /// When the line reaches the threshold; the series' last time when it is already there.
        public let crossing: Date
        /// Change per day of the trend.
        public let slopePerDay: Double
        /// How much of the variation the line explains (0…1) over the points it was fitted to.
        public let fit: Double
        /// Where the fitted segment starts: after the last step change, or the first point.
        public let since: Date
        public let points: Int
    }

    /// At least this many points in the fitted segment, and on each side of a step.
    public static let minimumPoints = 6

    /// The crossing of `threshold` in the worse `direction`, or nil when the series is too short or its trend does
    /// not move towards the threshold.
    public static func predict(_ series: [Point], threshold: Double, direction: Thresholds.Direction) -> Prediction? {
        let points = series.sorted { $0.time < $1.time }
        guard points.count >= minimumPoints, let first = points.first else { return nil }
        // Days since the first point, as x; the values as y.
        let x = points.map { $0.time.timeIntervalSince(first.time) / 86400 }
        let y = points.map(\.value)
        let sums = PrefixSums(x: x, y: y)
        let start = lastSegmentStart(sums, from: 0, to: points.count)
        let line = sums.line(start, points.count)
        let last = points[points.count - 1]
        let worse = { (value: Double) in direction == .above ? value >= threshold : value <= threshold }
        let predictedNow = line.intercept + line.slope * x[points.count - 1]
        if worse(last.value) || worse(predictedNow) {
            return Prediction(
                crossing: last.time, slopePerDay: line.slope, fit: line.fit, since: points[start].time, points: points.count - start)
        }
        let towards = direction == .above ? line.slope > 0 : line.slope < 0
        guard towards, line.slope.isFinite, abs(line.slope) > 1e-12 else { return nil }
        let days = (threshold - line.intercept) / line.slope
        guard days.isFinite, days < 365 * 100 else { return nil }
        return Prediction(
            crossing: first.time.addingTimeInterval(days * 86400), slopePerDay: line.slope, fit: line.fit, since: points[start].time,
            points: points.count - start)
    }

    /// The start of the last segment of `lower ..< upper` that has no step in it.
    static func lastSegmentStart(_ sums: PrefixSums, from lower: Int, to upper: Int) -> Int {
        let count = upper - lower
        guard count >= 2 * minimumPoints else { return lower }
        let whole = sums.line(lower, upper).residual
        var best: (split: Int, residual: Double)?
        for split in (lower + minimumPoints)...(upper - minimumPoints) {
            let residual = sums.line(lower, split).residual + sums.line(split, upper).residual
            if best == nil || residual < best!.residual { best = (split, residual) }
        }
        guard let best else { return lower }
        // Two more parameters must buy a large share of the residual: (gain / 2) / (rest / (n − 4)) well above 1.
        let rest = max(best.residual, 1e-12)
        let ratio = ((whole - best.residual) / 2) / (rest / Double(count - 4))
        guard ratio > 50 else { return lower }
        return lastSegmentStart(sums, from: best.split, to: upper)
    }

    /// Sums over prefixes of the series, so that any segment's least-squares line costs O(1).
    struct PrefixSums {
        let n: [Double], sx: [Double], sy: [Double], sxx: [Double], sxy: [Double], syy: [Double]

        init(x: [Double], y: [Double]) {
            var (n, sx, sy, sxx, sxy, syy) = ([0.0], [0.0], [0.0], [0.0], [0.0], [0.0])
            for (a, b) in zip(x, y) {
                n.append(n.last! + 1)
                sx.append(sx.last! + a)
                sy.append(sy.last! + b)
                sxx.append(sxx.last! + a * a)
                sxy.append(sxy.last! + a * b)
                syy.append(syy.last! + b * b)
            }
            (self.n, self.sx, self.sy, self.sxx, self.sxy, self.syy) = (n, sx, sy, sxx, sxy, syy)
        }

        /// The line through points `lower ..< upper`, its residual sum of squares, and R².
        func line(_ lower: Int, _ upper: Int) -> (slope: Double, intercept: Double, residual: Double, fit: Double) {
            let count = n[upper] - n[lower]
            let (x, y) = (sx[upper] - sx[lower], sy[upper] - sy[lower])
            let varianceX = (sxx[upper] - sxx[lower]) - x * x / count
            let covariance = (sxy[upper] - sxy[lower]) - x * y / count
            let varianceY = (syy[upper] - syy[lower]) - y * y / count
            let slope = varianceX > 1e-12 ? covariance / varianceX : 0
            let intercept = (y - slope * x) / count
            let residual = max(0, varianceY - slope * covariance)
            let fit = varianceY > 1e-12 ? max(0, min(1, 1 - residual / varianceY)) : 1
            return (slope, intercept, residual, fit)
        }
    }
}

/// Up and down time of a check, asset or site over a period, from the moments its hard state changed: SLA, incidents,
/// mean time to repair and between failures. Planned maintenance can be left out of the account.
public struct Availability: Sendable, Equatable {
    public let upSeconds: Double
    public let downSeconds: Double
    /// The down stretches inside the period, clipped to it.
    public let incidents: [DateInterval]
    /// Up ÷ (up + down), in hundredths of a per cent (9995 = 99.95 %); 10,000 when nothing was measured.
    public let slaBasisPoints: Int
    /// The mean length, inside the period, of the incidents that ended inside it; nil without one.
    public let meanTimeToRepair: TimeInterval?
    /// Up time ÷ failures that began inside the period; nil without one.
    public let meanTimeBetweenFailures: TimeInterval?

    /// - Parameters:
    ///   - changes: when the state became down (`true`) or up (`false`), in any order.
    ///   - downAtStart: the state before the first change.
    ///   - excluded: stretches that count as neither (maintenance windows).
    public init(changes: [(at: Date, down: Bool)], downAtStart: Bool, period: DateInterval, excluded: [DateInterval] = []) {
        var stretches: [(interval: DateInterval, down: Bool)] = []
        var state = downAtStart
        var cursor = period.start
        for change in changes.sorted(by: { $0.at < $1.at }) {
            let at = min(max(change.at, period.start), period.end)
            if at > cursor { stretches.append((DateInterval(start: cursor, end: at), state)) }
            cursor = max(cursor, at)
            state = change.down
        }
        if period.end > cursor { stretches.append((DateInterval(start: cursor, end: period.end), state)) }
        // Merge neighbours of the same state, then take the excluded stretches out.
        var merged: [(interval: DateInterval, down: Bool)] = []
        for stretch in stretches {
            if let last = merged.last, last.down == stretch.down, last.interval.end == stretch.interval.start {
                merged[merged.count - 1].interval = DateInterval(start: last.interval.start, end: stretch.interval.end)
            } else {
                merged.append(stretch)
            }
        }
        func counted(_ interval: DateInterval) -> Double {
            var seconds = interval.duration
            for window in excluded {
                if let overlap = interval.intersection(with: window) { seconds -= overlap.duration }
            }
            return max(0, seconds)
        }
        let up = merged.filter { !$0.down }.map { counted($0.interval) }.reduce(0, +)
        let down = merged.filter(\.down).map { counted($0.interval) }.reduce(0, +)
        let incidents = merged.filter(\.down).map(\.interval)
        let ended = incidents.filter { $0.end < period.end }
        let began = incidents.filter { $0.start > period.start }
        upSeconds = up
        downSeconds = down
        self.incidents = incidents
        slaBasisPoints = up + down > 0 ? Int((up / (up + down) * 10_000).rounded(.down)) : 10_000
        meanTimeToRepair = ended.isEmpty ? nil : ended.map(\.duration).reduce(0, +) / Double(ended.count)
        meanTimeBetweenFailures = began.isEmpty ? nil : up / Double(began.count)
    }
}

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
