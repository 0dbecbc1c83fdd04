import Foundation

/// The state of one check, as a pure value: `record` turns a result into the next state, the timeline's events and
/// the notices to send or hold back. No clock, no storage: the caller keeps the state and says what time it is.
public struct CheckState: Sendable, Equatable, Codable {
    /// The latest result's status.
    public internal(set) var status: CheckStatus
    /// Soft while `status` differs from `hardStatus`.
    public internal(set) var type: CheckStateType
    /// The confirmed status: OK, or the open problem's severity.
    public internal(set) var hardStatus: CheckStatus
    /// When the confirmed status began.
    public internal(set) var hardSince: Date?
    public internal(set) var consecutiveProblems: Int
    public internal(set) var consecutiveSuccesses: Int
    /// The last results' statuses, oldest first, at most `CheckPolicy.flapWindow`.
    public internal(set) var recent: [CheckStatus]
    public internal(set) var flapping: Bool
    /// The open problem was acknowledged: further notices about it are held back until it recovers.
    public internal(set) var acknowledged: Bool
    /// When the open problem was announced; nil while it has not been (held back, or no problem).
    public internal(set) var problemNotifiedAt: Date?
    /// The open problem has been escalated once.
    public internal(set) var escalated: Bool
    /// The latest problem arrived while the parent was down.
    public internal(set) var unreachable: Bool

    /// A new check: nothing known yet, counted as OK so that its first problems are soft.
    public init() {
        status = .ok
        type = .hard
        hardStatus = .ok
        hardSince = nil
        consecutiveProblems = 0
        consecutiveSuccesses = 0
        recent = []
        flapping = false
        acknowledged = false
        problemNotifiedAt = nil
        escalated = false
        unreachable = false
    }

    /// Whether a hard problem is open (an alert).
    public var isHardProblem: Bool { hardStatus.isProblem }

    /// The share of state changes among the recent results, in per cent (0 with fewer than two).
    public var flapPercent: Int {
        guard recent.count > 1 else { return 0 }
        let changes = zip(recent, recent.dropFirst()).filter { $0 != $1 }.count
        return changes * 100 / (recent.count - 1)
    }

    public struct Outcome: Sendable, Equatable {
        public var state: CheckState
        public var events: [CheckEvent]
        public var notices: [NoticeDecision]
    }

    /// Someone has taken the open problem on: further notices about it are held back until it recovers. Nil when
    /// there is no hard problem to acknowledge.
    public func acknowledging() -> CheckState? {
        guard isHardProblem else { return nil }
        var next = self
        next.acknowledged = true
        return next
    }

    /// Whether the open problem should go to the next level now: it was announced at least `after` ago, nobody has
    /// acknowledged it, and it has not been escalated yet. The caller escalates and keeps `escalating()`.
    public func escalationDue(at now: Date, after: TimeInterval) -> Bool {
        guard isHardProblem, !acknowledged, !escalated, let notified = problemNotifiedAt else { return false }
        return now.timeIntervalSince(notified) >= after
    }

    public func escalating() -> CheckState {
        var next = self
        next.escalated = true
        return next
    }
}
