import Foundation
import Testing

@testable import Domain

@Suite("Sign-in throttling and session lifetime")
struct LoginThrottleTests {
    let throttle = LoginThrottle(window: 900, maximumFailuresPerAccount: 5, maximumFailuresPerAddress: 20)
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func failures(_ count: Int, every seconds: TimeInterval) -> [Date] {
        (0..<count).map { now.addingTimeInterval(-Double(count - $0) * seconds) }
    }

    @Test("Four failures still allow another attempt")
    func underLimit() {
        #expect(throttle.decide(now: now, accountFailures: failures(4, every: 10), addressFailures: []) == .allowed)
    }

    @Test("The fifth failure locks the account until the oldest ages out of the window")
    func atLimit() {
        // Failures 50, 40, 30, 20, 10 seconds ago: the oldest leaves the 900 s window in 850 s.
        #expect(throttle.decide(now: now, accountFailures: failures(5, every: 10), addressFailures: []) == .throttled(retryAfter: 850))
    }

    @Test("Failures older than the window are forgotten")
    func agedOut() {
        let old = (1...10).map { now.addingTimeInterval(-1000 - Double($0)) }
        #expect(throttle.decide(now: now, accountFailures: old, addressFailures: old) == .allowed)
    }

    @Test("Many failures from one address lock it across accounts")
    func perAddress() {
        let decision = throttle.decide(now: now, accountFailures: [], addressFailures: failures(20, every: 5))
        #expect(decision == .throttled(retryAfter: 800))
    }

    @Test("A session ends after idling or at its absolute limit, whichever comes first")
    func sessionLifetime() {
        let lifetime = SessionLifetime(idle: 1800, absolute: 43200)
        let created = now
        #expect(!lifetime.isExpired(createdAt: created, lastSeenAt: created, now: created.addingTimeInterval(1799)))
        #expect(lifetime.isExpired(createdAt: created, lastSeenAt: created, now: created.addingTimeInterval(1800)))
        #expect(
            !lifetime.isExpired(createdAt: created, lastSeenAt: created.addingTimeInterval(43000), now: created.addingTimeInterval(43199)))
        #expect(
            lifetime.isExpired(createdAt: created, lastSeenAt: created.addingTimeInterval(43100), now: created.addingTimeInterval(43200)))
    }
}
