import Foundation

/// What one check result says, in Nagios' terms.
public enum CheckStatus: String, CaseIterable, Sendable, Codable {
    case ok, warning, critical, unknown

    public var isProblem: Bool { self != .ok }
    public var labelKey: String { "check.status.\(rawValue)" }
}

/// Whether a status has been confirmed: a problem turns hard after the check's retries, and back to OK after its
/// recovery count; until then it is soft and nobody is told.
public enum CheckStateType: String, CaseIterable, Sendable, Codable {
    case soft, hard
}

/// What surrounds a result when it arrives: things that hold notifications back but never stop the recording.
public struct CheckContext: Sendable, Equatable {
    /// A parent (the site's router, the host of a service) is in a hard problem: this check is unreachable rather than
    /// failing, and is not alerted.
    public var parentDown: Bool
    /// A maintenance window covers the check, its asset or its site.
    public var inMaintenance: Bool

    public init(parentDown: Bool = false, inMaintenance: Bool = false) {
        self.parentDown = parentDown
        self.inMaintenance = inMaintenance
    }
}

/// What a check's state changes announce.
public enum CheckNotice: Sendable, Equatable {
    /// A hard problem, or a hard problem changing severity.
    case problem(CheckStatus)
    /// The end of a problem that was announced: exactly one for each announced problem.
    case recovery
    case flappingStarted
    case flappingStopped
}

/// Why a notice was held back.
public enum HoldReason: String, CaseIterable, Sendable, Codable {
    case maintenance, unreachable, flapping, acknowledged
}

/// A notice to send, or held back and why.
public enum NoticeDecision: Sendable, Equatable {
    case send(CheckNotice)
    case hold(CheckNotice, HoldReason)
}

/// What happened to the state, for the alert's timeline.
public enum CheckEvent: Sendable, Equatable {
    /// A soft problem: counted, not yet confirmed.
    case softProblem(CheckStatus, attempt: Int)
    /// The problem is confirmed: an alert opens.
    case hardProblem(CheckStatus)
    /// A hard problem changed severity.
    case severityChanged(from: CheckStatus, to: CheckStatus)
    /// OK again, but not yet for as many results as recovery needs.
    case softRecovery(successes: Int)
    /// The alert closes.
    case recovered
    case flappingStarted(percent: Int)
    case flappingStopped(percent: Int)
}
