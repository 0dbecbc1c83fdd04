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

/// How a check turns results into states.
public struct CheckPolicy: Sendable, Equatable, Codable {
    /// Consecutive problem results before a problem is hard (1: the first one).
    public var problemsBeforeHard: Int
    /// Consecutive OK results before a hard problem recovers (1: the first one).
    public var successesToRecover: Int
    /// Flapping starts when at least this share of the last results changed state, in per cent…
    public var flapStartPercent: Int
    /// …and stops when fewer than this share did. Below the start, so that it does not flap itself.
    public var flapStopPercent: Int

    /// How many results flap detection looks at: 21 results, 20 changes between them, as Nagios does.
    public static let flapWindow = 21

    public init(problemsBeforeHard: Int = 3, successesToRecover: Int = 1, flapStartPercent: Int = 50, flapStopPercent: Int = 25) {
        self.problemsBeforeHard = problemsBeforeHard
        self.successesToRecover = successesToRecover
        self.flapStartPercent = flapStartPercent
        self.flapStopPercent = flapStopPercent
    }

    /// Every field that is out of range, by name.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if !(1...10).contains(problemsBeforeHard) { errors.append(FieldError(field: "problemsBeforeHard", code: .outOfRange)) }
        if !(1...10).contains(successesToRecover) { errors.append(FieldError(field: "successesToRecover", code: .outOfRange)) }
        if !(1...100).contains(flapStartPercent) { errors.append(FieldError(field: "flapStartPercent", code: .outOfRange)) }
        if !(0...100).contains(flapStopPercent) || flapStopPercent >= flapStartPercent {
            errors.append(FieldError(field: "flapStopPercent", code: .outOfRange))
        }
        return errors
    }
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

/// The state of one check, as a pure value: `record` turns a result into the next state, the timeline's events and
/// the notices to send or hold back. No clock, no storage: the caller keeps the state and says what time it is.
public struct CheckState: Sendable, Equatable, Codable {
    /// The latest result's status.
    public private(set) var status: CheckStatus
    /// Soft while `status` differs from `hardStatus`.
    public private(set) var type: CheckStateType
    /// The confirmed status: OK, or the open problem's severity.
    public private(set) var hardStatus: CheckStatus
    /// When the confirmed status began.
    public private(set) var hardSince: Date?
    public private(set) var consecutiveProblems: Int
    public private(set) var consecutiveSuccesses: Int
    /// The last results' statuses, oldest first, at most `CheckPolicy.flapWindow`.
    public private(set) var recent: [CheckStatus]
    public private(set) var flapping: Bool
    /// The open problem was acknowledged: further notices about it are held back until it recovers.
    public private(set) var acknowledged: Bool
    /// When the open problem was announced; nil while it has not been (held back, or no problem).
    public private(set) var problemNotifiedAt: Date?
    /// The open problem has been escalated once.
    public private(set) var escalated: Bool
    /// The latest problem arrived while the parent was down.
    public private(set) var unreachable: Bool

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

    /// The next state after a result with `status` at `time`.
    public func record(_ result: CheckStatus, at time: Date, policy: CheckPolicy, context: CheckContext = .init()) -> Outcome {
        var next = self
        var events: [CheckEvent] = []
        var notices: [NoticeDecision] = []
        next.status = result
        next.unreachable = result.isProblem && context.parentDown

        // Flap detection over the recent results, with a start and a lower stop threshold.
        next.recent.append(result)
        if next.recent.count > CheckPolicy.flapWindow { next.recent.removeFirst(next.recent.count - CheckPolicy.flapWindow) }
        let percent = next.flapPercent
        if !flapping, next.recent.count == CheckPolicy.flapWindow, percent >= policy.flapStartPercent {
            next.flapping = true
            events.append(.flappingStarted(percent: percent))
            notices.append(Self.decide(.flappingStarted, context: context))
        } else if flapping, percent < policy.flapStopPercent {
            next.flapping = false
            events.append(.flappingStopped(percent: percent))
            notices.append(Self.decide(.flappingStopped, context: context))
        }

        if result.isProblem {
            var openedOrChanged = false
            next.consecutiveSuccesses = 0
            next.consecutiveProblems += 1
            if !hardStatus.isProblem {
                if next.consecutiveProblems >= policy.problemsBeforeHard {
                    (next.hardStatus, next.type, next.hardSince) = (result, .hard, time)
                    (next.acknowledged, next.escalated, next.problemNotifiedAt) = (false, false, nil)
                    events.append(.hardProblem(result))
                    openedOrChanged = true
                } else {
                    next.type = .soft
                    events.append(.softProblem(result, attempt: next.consecutiveProblems))
                }
            } else if result != hardStatus {
                events.append(.severityChanged(from: hardStatus, to: result))
                (next.hardStatus, next.type) = (result, .hard)
                openedOrChanged = true
                // A change of severity is announced again, unless someone has taken the problem on.
                if next.problemNotifiedAt != nil { notices.append(next.announce(.problem(result), context: context, at: time)) }
            } else {
                next.type = .hard
            }
            // A hard problem not yet announced is announced as soon as nothing holds it back any more; that it is held
            // back is said once, when it opens or changes.
            if next.hardStatus.isProblem, next.problemNotifiedAt == nil {
                let decision = next.announce(.problem(next.hardStatus), context: context, at: time)
                if case .send = decision { notices.append(decision) } else if openedOrChanged { notices.append(decision) }
            }
        } else {
            next.consecutiveProblems = 0
            next.consecutiveSuccesses += 1
            if !hardStatus.isProblem {
                next.type = .hard
            } else if next.consecutiveSuccesses >= policy.successesToRecover {
                events.append(.recovered)
                // Exactly one recovery for each announced problem, whatever else is going on, so nobody is left
                // with an alert open in their inbox; a problem nobody was told of recovers quietly.
                if next.problemNotifiedAt != nil { notices.append(.send(.recovery)) }
                (next.hardStatus, next.type, next.hardSince) = (.ok, .hard, time)
                (next.acknowledged, next.escalated, next.problemNotifiedAt) = (false, false, nil)
            } else {
                next.type = .soft
                events.append(.softRecovery(successes: next.consecutiveSuccesses))
            }
        }
        return Outcome(state: next, events: events, notices: notices)
    }

    /// Sends a problem notice unless something holds it back; marks the problem as announced when sent.
    private mutating func announce(_ notice: CheckNotice, context: CheckContext, at time: Date) -> NoticeDecision {
        let decision: NoticeDecision
        if context.inMaintenance {
            decision = .hold(notice, .maintenance)
        } else if context.parentDown {
            decision = .hold(notice, .unreachable)
        } else if flapping {
            decision = .hold(notice, .flapping)
        } else if acknowledged {
            decision = .hold(notice, .acknowledged)
        } else {
            decision = .send(notice)
            problemNotifiedAt = time
        }
        return decision
    }

    private static func decide(_ notice: CheckNotice, context: CheckContext) -> NoticeDecision {
        if context.inMaintenance { return .hold(notice, .maintenance) }
        if context.parentDown { return .hold(notice, .unreachable) }
        return .send(notice)
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

/// Warning and critical limits for a measured value: latency in milliseconds or per cent used (a problem at or
/// above the limit), or days to a certificate's expiry (a problem at or below it).
public struct Thresholds: Sendable, Equatable, Codable {
    public enum Direction: String, CaseIterable, Sendable, Codable {
        /// Higher is worse: latency, usage.
        case above
        /// Lower is worse: days left.
        case below
    }

    public var warning: Int?
    public var critical: Int?
    public var direction: Direction

    public init(warning: Int? = nil, critical: Int? = nil, direction: Direction = .above) {
        (self.warning, self.critical, self.direction) = (warning, critical, direction)
    }

    public func status(for value: Int) -> CheckStatus {
        func reached(_ limit: Int?) -> Bool {
            guard let limit else { return false }
            return direction == .above ? value >= limit : value <= limit
        }
        if reached(critical) { return .critical }
        if reached(warning) { return .warning }
        return .ok
    }

    /// The critical limit must lie beyond the warning limit, in the direction that is worse.
    public func problems(field: String = "critical") -> [FieldError] {
        guard let warning, let critical else { return [] }
        let ordered = direction == .above ? critical > warning : critical < warning
        return ordered ? [] : [FieldError(field: field, code: .outOfRange)]
    }
}

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
