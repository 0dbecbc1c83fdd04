import Foundation

/// A heartbeat check: a backup or cron job calls its URL when it has run; the check is a problem once no call has
/// come within the period and its grace. Judged whenever the scheduler looks, not when a call comes, so that a job
/// that stopped is noticed.
public struct HeartbeatRule: Sendable, Equatable, Codable {
    /// How often the job runs.
    public var period: TimeInterval
    /// How late it may be (a backup that takes longer some nights).
    public var grace: TimeInterval

    public init(period: TimeInterval, grace: TimeInterval) { (self.period, self.grace) = (period, grace) }

    /// OK while the last call is recent enough; UNKNOWN for a new heartbeat that has not yet had its first chance to
    /// be called; CRITICAL once a call is overdue.
    public func status(lastCall: Date?, createdAt: Date, now: Date) -> CheckStatus {
        let since = lastCall ?? createdAt
        if now.timeIntervalSince(since) <= period + grace { return lastCall == nil ? .unknown : .ok }
        return .critical
    }

    /// When the next call is due at the latest.
    public func deadline(lastCall: Date?, createdAt: Date) -> Date { (lastCall ?? createdAt).addingTimeInterval(period + grace) }

    /// A period of at least a minute and at most 90 days; a grace of at most the period itself.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if !(60...(90 * 86400)).contains(period) { errors.append(FieldError(field: "period", code: .outOfRange)) }
        if grace < 0 || grace > period { errors.append(FieldError(field: "grace", code: .outOfRange)) }
        return errors
    }
}
