import Domain
import Foundation

/// A check as it is configured: what it tests, how often, when a problem is hard, and the limits. Validation lives
/// here, the one place the page, the API and the command line share; `probe` turns it into the network test.
public struct CheckDefinition: Sendable, Equatable {
    public var kind: CheckKind
    /// A host name or address; for HTTP the URL; for DNS the name to resolve.
    public var target: String
    public var port: Int?
    public var intervalSeconds: Int
    public var timeoutSeconds: Int
    public var policy: CheckPolicy
    public var warning: Int?
    public var critical: Int?
    public var settings: CheckSettings

    public static let intervalRange = 10...86_400
    public static let heartbeatPeriodRange = 60...(90 * 86_400)
    public static let timeoutRange = 1...120

    public init(
        kind: CheckKind, target: String, port: Int? = nil, intervalSeconds: Int = 60, timeoutSeconds: Int = 10,
        policy: CheckPolicy = CheckPolicy(), warning: Int? = nil, critical: Int? = nil, settings: CheckSettings = CheckSettings()
    ) {
        (self.kind, self.target, self.port, self.intervalSeconds, self.timeoutSeconds) = (
            kind, target, port, intervalSeconds, timeoutSeconds
        )
        (self.policy, self.warning, self.critical, self.settings) = (policy, warning, critical, settings.normalised(for: kind))
        // The default grace (five minutes) never exceeds a shorter period: defaults always fit each other.
        if kind == .heartbeat, settings.graceSeconds == nil { self.settings.graceSeconds = min(Self.defaultGraceSeconds, intervalSeconds) }
    }

    /// A heartbeat's grace unless set: five minutes, or its period if that is shorter.
    public static let defaultGraceSeconds = 300

    /// The values a number field accepts, for messages that say what would have been right (the command line's).
    public static func allowedRange(of field: String, kind: CheckKind, intervalSeconds: Int) -> ClosedRange<Int>? {
        switch field {
        case "intervalSeconds": kind == .heartbeat ? heartbeatPeriodRange : intervalRange
        case "timeoutSeconds": timeoutRange.lowerBound...max(timeoutRange.lowerBound, min(timeoutRange.upperBound, intervalSeconds - 1))
        case "graceSeconds": 0...max(0, intervalSeconds)
        case "port": 1...65535
        case "problemsBeforeHard", "successesToRecover": 1...10
        default: nil
        }
    }

    public var thresholds: Thresholds {
        Thresholds(warning: warning, critical: critical, direction: kind == .tls ? .below : .above)
    }

    /// The port the probe connects to.
    public var effectivePort: Int? { port ?? kind.defaultPort }

    public var heartbeatRule: HeartbeatRule { Self.heartbeatRule(intervalSeconds: intervalSeconds, settings: settings) }

    /// A heartbeat's period is its interval; its grace five minutes unless set.
    public static func heartbeatRule(intervalSeconds: Int, settings: CheckSettings) -> HeartbeatRule {
        HeartbeatRule(period: TimeInterval(intervalSeconds), grace: TimeInterval(settings.graceSeconds ?? defaultGraceSeconds))
    }

    /// How often the scheduler looks: a heartbeat is judged every minute whatever its period, so a missed call is
    /// noticed within a minute of its deadline.
    public var scheduleSeconds: Int { kind == .heartbeat ? 60 : intervalSeconds }
}
