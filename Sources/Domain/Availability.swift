import Foundation

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
