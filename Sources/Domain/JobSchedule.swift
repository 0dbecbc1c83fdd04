import Foundation

/// When a scheduled job runs next: every N seconds, or at the minutes and hours of a five-field cron expression
/// (minute hour day-of-month month day-of-week; `*`, lists, ranges and `*/step`), evaluated in UTC.
public enum JobSchedule: Sendable, Equatable, CustomStringConvertible {
    case every(seconds: Int)
    case cron(CronExpression)

    public func nextRun(after date: Date) -> Date {
        switch self {
        case .every(let seconds): date.addingTimeInterval(TimeInterval(max(1, seconds)))
        case .cron(let expression): expression.nextMatch(after: date)
        }
    }

    public var description: String {
        switch self {
        case .every(let seconds): "every \(seconds)s"
        case .cron(let expression): expression.source
        }
    }

    /// Parses `every 30s` / `every 5m` / `every 1h` or a cron expression.
    public static func parse(_ text: String) throws -> JobSchedule {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("every ") {
            let amount = trimmed.dropFirst(6)
            guard let unit = amount.last, let value = Int(amount.dropLast()), value > 0 else { throw CronExpression.ParseError(text) }
            switch unit {
            case "s": return .every(seconds: value)
            case "m": return .every(seconds: value * 60)
            case "h": return .every(seconds: value * 3600)
            default: throw CronExpression.ParseError(text)
            }
        }
        return .cron(try CronExpression(trimmed))
    }
}
