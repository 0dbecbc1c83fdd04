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
}
