import Foundation

extension CheckState {
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
}
