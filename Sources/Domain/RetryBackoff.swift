import Foundation

/// How long a failed job waits before its next attempt: exponential, capped.
public struct RetryBackoff: Sendable, Equatable {
    public var base: TimeInterval
    public var maximum: TimeInterval

    public init(base: TimeInterval = 10, maximum: TimeInterval = 3600) {
        self.base = base
        self.maximum = maximum
    }

    /// Delay before attempt `attempt + 1`, where `attempt` is the number of failures so far (1-based).
    public func delay(afterFailures attempt: Int) -> TimeInterval {
        let exponent = min(max(attempt - 1, 0), 30)
        return min(maximum, base * pow(2, Double(exponent)))
    }
}
