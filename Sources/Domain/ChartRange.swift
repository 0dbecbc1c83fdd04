/// The spans a check's response chart shows (issue 20), as Uptime Kuma offers them: a day of raw results, or a week or
/// thirty days of hourly averages.
public enum ChartRange: String, CaseIterable, Sendable {
    case day = "24h"
    case week = "7d"
    case month = "30d"

    public var seconds: Double {
        switch self {
        case .day: 86_400
        case .week: 7 * 86_400
        case .month: 30 * 86_400
        }
    }

    /// Longer spans read the hourly aggregates: a minute's check has 43,200 raw results in thirty days.
    public var hourly: Bool { self != .day }

    public var labelKey: String { "check.range.\(rawValue)" }
}
