import Foundation
import Testing

@testable import Domain

@Suite("Check states: soft and hard, recovery, flapping, dependencies, maintenance, acknowledgements")
struct CheckStateTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Feeds results one minute apart and collects what happened.
    struct Run {
        var state = CheckState()
        var events: [CheckEvent] = []
        var notices: [NoticeDecision] = []
        var minute = 0
        let policy: CheckPolicy
        let start: Date

        @discardableResult
        mutating func feed(_ results: [CheckStatus], _ context: CheckContext = .init()) -> [NoticeDecision] {
            var sent: [NoticeDecision] = []
            for result in results {
                let outcome = state.record(result, at: start.addingTimeInterval(Double(minute) * 60), policy: policy, context: context)
                minute += 1
                state = outcome.state
                events += outcome.events
                notices += outcome.notices
                sent += outcome.notices
            }
            return sent
        }
    }

    func run(_ policy: CheckPolicy = CheckPolicy(problemsBeforeHard: 3, successesToRecover: 2)) -> Run {
        Run(policy: policy, start: start)
    }

    @Test("A problem is soft for its retries, then hard and announced once; repeats of it say nothing more")
    func softThenHard() {
        var run = run()
        #expect(run.feed([.critical, .critical]).isEmpty)
        #expect(run.state.type == .soft && run.state.status == .critical && run.state.hardStatus == .ok)
        #expect(run.events == [.softProblem(.critical, attempt: 1), .softProblem(.critical, attempt: 2)])
        #expect(run.feed([.critical]) == [.send(.problem(.critical))])
        #expect(run.state.type == .hard && run.state.hardStatus == .critical && run.state.isHardProblem)
        #expect(run.state.hardSince == start.addingTimeInterval(120))
        #expect(run.feed([.critical, .critical, .critical]).isEmpty)
    }

    @Test("A soft problem that clears before its retries are used up is never announced, and needs no recovery")
    func softProblemClears() {
        var run = run()
        #expect(run.feed([.warning, .critical, .ok, .warning, .ok]).isEmpty)
        #expect(run.state.type == .hard && run.state.hardStatus == .ok && run.state.consecutiveProblems == 0)
        #expect(!run.events.contains(.recovered))
    }

    @Test("Recovery needs its count of OK results in a row; a problem in between starts the count again; exactly one recovery")
    func recovery() {
        var run = run()
        run.feed([.critical, .critical, .critical])
        #expect(run.feed([.ok]).isEmpty)
        #expect(run.state.type == .soft && run.state.status == .ok && run.state.hardStatus == .critical)
        #expect(run.feed([.critical]).isEmpty)  // the same severity again: still the one problem
        #expect(run.feed([.ok]).isEmpty)
        #expect(run.feed([.ok]) == [.send(.recovery)])
        #expect(run.state.hardStatus == .ok && run.state.type == .hard && run.state.problemNotifiedAt == nil)
        #expect(run.feed([.ok, .ok, .ok]).isEmpty)
        #expect(run.notices.filter { $0 == .send(.recovery) }.count == 1)
        #expect(run.events.filter { $0 == .recovered }.count == 1)
    }

    @Test("A hard problem that changes severity is announced again, unless it was acknowledged; acknowledged, it still recovers aloud")
    func severityAndAcknowledgement() {
        var run = run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1))
        #expect(run.feed([.warning]) == [.send(.problem(.warning))])
        #expect(run.feed([.critical]) == [.send(.problem(.critical))])
        #expect(run.events.last == .severityChanged(from: .warning, to: .critical))
        #expect(CheckState().acknowledging() == nil)
        run.state = run.state.acknowledging()!
        #expect(run.feed([.warning]) == [.hold(.problem(.warning), .acknowledged)])
        #expect(run.feed([.ok]) == [.send(.recovery)])
        #expect(!run.state.acknowledged)
        // The next problem is a new one: announced again.
        #expect(run.feed([.unknown]) == [.send(.problem(.unknown))])
    }

    @Test("In a maintenance window a problem is recorded but held back, once; after the window the open problem is announced")
    func maintenance() {
        var run = run(CheckPolicy(problemsBeforeHard: 2, successesToRecover: 1))
        let window = CheckContext(inMaintenance: true)
        #expect(run.feed([.critical, .critical], window) == [.hold(.problem(.critical), .maintenance)])
        #expect(run.state.isHardProblem && run.state.problemNotifiedAt == nil)
        #expect(run.feed([.critical, .critical], window).isEmpty)
        #expect(run.feed([.critical]) == [.send(.problem(.critical))])
        // A problem that recovers inside the window without having been announced recovers quietly.
        var quiet = self.run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1))
        quiet.feed([.critical, .ok], window)
        #expect(quiet.notices == [.hold(.problem(.critical), .maintenance)])
        #expect(quiet.events == [.hardProblem(.critical), .recovered])
        // An announced problem's recovery is sent even inside a window: nobody is left with an open alert.
        var announced = self.run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1))
        announced.feed([.critical])
        #expect(announced.feed([.ok], window) == [.send(.recovery)])
    }

    @Test("While the parent is down a failing child is unreachable, not alerted; once the parent is back, a child still down is")
    func dependencies() {
        var run = run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1))
        let parentDown = CheckContext(parentDown: true)
        #expect(run.feed([.critical], parentDown) == [.hold(.problem(.critical), .unreachable)])
        #expect(run.state.unreachable)
        #expect(run.feed([.critical], parentDown).isEmpty)
        #expect(run.feed([.critical]) == [.send(.problem(.critical))])
        #expect(!run.state.unreachable)
        // A child that comes back with its parent says nothing at all.
        var child = self.run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1))
        child.feed([.critical, .critical, .ok], parentDown)
        #expect(child.notices == [.hold(.problem(.critical), .unreachable)])
        #expect(child.state.hardStatus == .ok)
    }

    static let flapSeries: [([CheckStatus], Int)] = {
        let alternating: [CheckStatus] = (0..<21).map { $0.isMultiple(of: 2) ? .ok : .critical }
        let oneStep: [CheckStatus] = (0..<21).map { $0 < 10 ? .ok : .critical }
        let cycling: [CheckStatus] = (0..<21).map { [CheckStatus.ok, .warning, .critical][$0 % 3] }
        let everyFourth: [CheckStatus] = (0..<21).map { $0 % 4 == 0 ? .warning : .ok }
        let steady: [CheckStatus] = Array(repeating: .ok, count: 21)
        return [
            ([], 0), ([.ok], 0), ([.ok, .critical], 100), ([.ok, .ok, .ok, .critical], 33), (steady, 0), (alternating, 100),
            (oneStep, 5), (cycling, 100), (everyFourth, 50),
        ]
    }()

    @Test("The flap share counts state changes among the last 21 results", arguments: Self.flapSeries)
    func flapShare(_ results: [CheckStatus], _ percent: Int) {
        var run = run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1))
        run.feed(results)
        #expect(run.state.flapPercent == percent)
        #expect(run.state.recent.count == min(results.count, 21))
    }

    @Test("A check that keeps changing starts flapping: its notices are held back until it settles, then its state is announced")
    func flapping() {
        var run = run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1, flapStartPercent: 50, flapStopPercent: 25))
        // Twenty alternating results: each problem and recovery is announced, no flapping before the window is full.
        for _ in 0..<10 { run.feed([.critical, .ok]) }
        #expect(!run.state.flapping)
        #expect(run.notices.filter { $0 == .send(.recovery) }.count == 10)
        // The 21st result fills the window at 100 %: flapping starts, and the problem it brings is held back.
        #expect(run.feed([.critical]) == [.send(.flappingStarted), .hold(.problem(.critical), .flapping)])
        #expect(run.state.flapping && run.events.contains(.flappingStarted(percent: 100)))
        // The problem was not announced, so its recovery is quiet too; the next problem is held back again.
        #expect(run.feed([.ok, .critical, .ok]) == [.hold(.problem(.critical), .flapping)])
        // It settles on critical: after k equal results 21 - k of the 20 steps in the window are changes, under 25 % from
        // k = 17; then the end of the flapping and the open problem are announced together.
        var settled: [NoticeDecision] = []
        var steps = 0
        while run.state.flapping, steps < 30 {
            settled = run.feed([.critical])
            steps += 1
        }
        #expect(!run.state.flapping)
        #expect(settled == [.send(.flappingStopped), .send(.problem(.critical))])
        #expect(run.state.flapPercent < 25)
        #expect(steps == 17)
    }

    @Test("An announced problem nobody acknowledges escalates once after the delay; an acknowledged one does not")
    func escalation() {
        var run = run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1))
        run.feed([.critical])
        let notified = run.state.problemNotifiedAt!
        #expect(!run.state.escalationDue(at: notified.addingTimeInterval(599), after: 600))
        #expect(run.state.escalationDue(at: notified.addingTimeInterval(600), after: 600))
        let escalated = run.state.escalating()
        #expect(!escalated.escalationDue(at: notified.addingTimeInterval(6000), after: 600))
        #expect(!run.state.acknowledging()!.escalationDue(at: notified.addingTimeInterval(6000), after: 600))
        // A problem held back has not been announced, so it does not escalate either.
        var held = self.run(CheckPolicy(problemsBeforeHard: 1, successesToRecover: 1))
        held.feed([.critical], CheckContext(inMaintenance: true))
        #expect(!held.state.escalationDue(at: start.addingTimeInterval(86400), after: 600))
    }

    @Test("Policies out of range are refused by field")
    func policyLimits() {
        #expect(CheckPolicy().problems().isEmpty)
        #expect(
            CheckPolicy(problemsBeforeHard: 0, successesToRecover: 11, flapStartPercent: 30, flapStopPercent: 30).problems().map(\.field)
                == ["problemsBeforeHard", "successesToRecover", "flapStopPercent"])
    }

    /// A small deterministic generator, so the long runs below are the same every time.
    struct Generator: RandomNumberGenerator {
        var seed: UInt64
        mutating func next() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(
        "Over long random runs with every policy: soft exactly when the result differs from the hard state, and one recovery per announced problem"
    )
    func invariants() {
        var generator = Generator(seed: 42)
        for problems in 1...4 {
            for successes in 1...3 {
                var run = run(CheckPolicy(problemsBeforeHard: problems, successesToRecover: successes))
                var announcedOpen = false
                for _ in 0..<3000 {
                    // Mostly stable stretches, with bursts, windows and parent outages.
                    let result: CheckStatus =
                        Int.random(in: 0..<10, using: &generator) < 7
                        ? run.state.status : CheckStatus.allCases.randomElement(using: &generator)!
                    let context = CheckContext(
                        parentDown: Int.random(in: 0..<20, using: &generator) == 0,
                        inMaintenance: Int.random(in: 0..<15, using: &generator) == 0)
                    let before = run.state
                    let notices = run.feed([result], context)
                    let state = run.state
                    #expect((state.type == .soft) == (state.status != state.hardStatus))
                    #expect(state.status == result)
                    // A problem turns hard only after its retries; OK returns only after its recoveries.
                    if !before.isHardProblem && state.isHardProblem { #expect(state.consecutiveProblems >= problems) }
                    if before.isHardProblem && !state.isHardProblem { #expect(state.consecutiveSuccesses >= successes) }
                    for notice in notices {
                        switch notice {
                        case .send(.problem):
                            announcedOpen = true
                        case .send(.recovery):
                            #expect(announcedOpen, "a recovery without an announced problem")
                            announcedOpen = false
                        default: break
                        }
                    }
                    #expect(announcedOpen == (state.problemNotifiedAt != nil))
                }
            }
        }
    }

    @Test("Thresholds: higher is worse for latency and usage, lower for days left; critical must lie beyond warning")
    func thresholds() {
        let latency = Thresholds(warning: 200, critical: 500)
        #expect([0, 199, 200, 499, 500, 10_000].map(latency.status) == [.ok, .ok, .warning, .warning, .critical, .critical])
        let expiry = Thresholds(warning: 30, critical: 7, direction: .below)
        #expect([90, 31, 30, 8, 7, 0, -3].map(expiry.status) == [.ok, .ok, .warning, .warning, .critical, .critical, .critical])
        #expect(Thresholds(critical: 90).status(for: 95) == .critical && Thresholds().status(for: 1_000_000) == .ok)
        #expect(latency.problems().isEmpty && expiry.problems().isEmpty)
        #expect(Thresholds(warning: 500, critical: 200).problems() == [FieldError(field: "critical", code: .outOfRange)])
        #expect(Thresholds(warning: 7, critical: 30, direction: .below).problems().count == 1)
    }

    @Test("Heartbeats: OK while the last call is within period and grace, CRITICAL once overdue, UNKNOWN before the first chance")
    func heartbeats() {
        let nightly = HeartbeatRule(period: 86400, grace: 3600)
        let created = start
        #expect(nightly.status(lastCall: nil, createdAt: created, now: created.addingTimeInterval(3600)) == .unknown)
        #expect(nightly.status(lastCall: nil, createdAt: created, now: created.addingTimeInterval(90001)) == .critical)
        let call = created.addingTimeInterval(80000)
        #expect(nightly.status(lastCall: call, createdAt: created, now: call.addingTimeInterval(86400 + 3600)) == .ok)
        #expect(nightly.status(lastCall: call, createdAt: created, now: call.addingTimeInterval(86400 + 3601)) == .critical)
        #expect(nightly.deadline(lastCall: call, createdAt: created) == call.addingTimeInterval(90000))
        #expect(nightly.problems().isEmpty)
        #expect(HeartbeatRule(period: 30, grace: 60).problems().map(\.field) == ["period", "grace"])
    }
}
