import Foundation

/// When a delivery that failed is tried again, and when it is given up (and shown as failed until someone retries it).
public struct DeliveryRetry: Sendable, Equatable {
    public let backoff: RetryBackoff
    public let maximumAttempts: Int

    /// One minute, doubling to an hour, ten attempts: about six hours before a message counts as failed.
    public static let standard = DeliveryRetry(backoff: RetryBackoff(base: 60, maximum: 3600), maximumAttempts: 10)

    public init(backoff: RetryBackoff, maximumAttempts: Int) {
        (self.backoff, self.maximumAttempts) = (backoff, maximumAttempts)
    }

    /// After `attempts` failed attempts: when to try again, or nil when the message has failed for good.
    public func nextAttempt(afterFailures attempts: Int, at now: Date) -> Date? {
        attempts >= maximumAttempts ? nil : now.addingTimeInterval(backoff.delay(afterFailures: attempts))
    }
}
