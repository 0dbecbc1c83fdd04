import Foundation

/// Decides whether another sign-in attempt may be made, from the recent failures for an account and for a client
/// address. Failures older than the window are forgotten; a success does not erase an address's failures (so an
/// attacker cannot reset the count by signing in to their own account).
public struct LoginThrottle: Sendable {
    public var window: TimeInterval
    public var maximumFailuresPerAccount: Int
    public var maximumFailuresPerAddress: Int

    public init(window: TimeInterval = 15 * 60, maximumFailuresPerAccount: Int = 5, maximumFailuresPerAddress: Int = 20) {
        self.window = window
        self.maximumFailuresPerAccount = maximumFailuresPerAccount
        self.maximumFailuresPerAddress = maximumFailuresPerAddress
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Retry after this many whole seconds (at least 1).
        case throttled(retryAfter: Int)
    }

    /// - Parameters:
    ///   - accountFailures: times of failed attempts for the account since its last success, within the window.
    ///   - addressFailures: times of failed attempts from the client address within the window.
    public func decide(now: Date, accountFailures: [Date], addressFailures: [Date]) -> Decision {
        let earliest = now.addingTimeInterval(-window)
        let retryAccount = retryAfter(now: now, failures: accountFailures.filter { $0 > earliest }, limit: maximumFailuresPerAccount)
        let retryAddress = retryAfter(now: now, failures: addressFailures.filter { $0 > earliest }, limit: maximumFailuresPerAddress)
        let retry = max(retryAccount ?? 0, retryAddress ?? 0)
        return retry > 0 ? .throttled(retryAfter: retry) : .allowed
    }

    /// With `limit` or more failures in the window, attempts resume when enough of them have aged out.
    private func retryAfter(now: Date, failures: [Date], limit: Int) -> Int? {
        guard failures.count >= limit else { return nil }
        let sorted = failures.sorted()
        // The attempt that must age out so that fewer than `limit` remain.
        let pivot = sorted[sorted.count - limit]
        let seconds = pivot.addingTimeInterval(window).timeIntervalSince(now)
        return max(1, Int(seconds.rounded(.up)))
    }
}

/// When a signed-in session ends: after a period without requests (idle) or a fixed time after sign-in (absolute).
public struct SessionLifetime: Sendable {
    public var idle: TimeInterval
    public var absolute: TimeInterval

    public init(idle: TimeInterval, absolute: TimeInterval) {
        self.idle = idle
        self.absolute = absolute
    }

    public func isExpired(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now >= createdAt.addingTimeInterval(absolute) || now >= lastSeenAt.addingTimeInterval(idle)
    }
}
