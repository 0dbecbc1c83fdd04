import Foundation
import Testing

@testable import Probes

/// The scheduler on the real clock. The whole suite runs in parallel on two cores, so nothing here depends on how
/// fast the machine is: the assertions are about due times, order and counts (spread, no overlap, the concurrency
/// bound, hanging runs), and waiting is for a condition, with a generous limit. Speed is the benchmark's.
@Suite("Check scheduler: spread over the interval, one run per check at a time, bounded, never stalled", .serialized)
struct CheckSchedulerTests {
    actor Recorder {
        var starts: [Int: [ContinuousClock.Instant]] = [:]
        var running: [Int: Int] = [:]
        var maxRunningPerCheck = 0
        var inFlight = 0
        var maxInFlight = 0

        func start(_ id: Int) {
            starts[id, default: []].append(.now)
            running[id, default: 0] += 1
            maxRunningPerCheck = max(maxRunningPerCheck, running[id]!)
            inFlight += 1
            maxInFlight = max(maxInFlight, inFlight)
        }

        func end(_ id: Int) {
            running[id, default: 0] -= 1
            inFlight -= 1
        }
    }

    /// Waits until `condition` holds, for at most `limit` of real time.
    func eventually(_ limit: Duration = .seconds(20), _ condition: () async -> Bool) async throws {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func withScheduler(
        maximumConcurrent: Int = 100, spread: @escaping @Sendable (Int) -> Double = { Double($0 % 100) / 100 },
        work: @escaping @Sendable (Int, Recorder) async -> Void, _ body: (CheckScheduler<Int>, Recorder) async throws -> Void
    ) async rethrows {
        let recorder = Recorder()
        let scheduler = CheckScheduler<Int>(maximumConcurrent: maximumConcurrent, spread: spread) { id, _ in
            await recorder.start(id)
            await work(id, recorder)
            await recorder.end(id)
        }
        let loop = Task { await scheduler.run(tick: .milliseconds(5)) }
        defer { loop.cancel() }
        try await body(scheduler, recorder)
    }

    @Test("Lags keep the latest 100,000 runs: past that the oldest give way, and the recent ones read in order")
    func lagRing() {
        var statistics = CheckScheduler<Int>.Statistics()
        for n in 0..<100_005 { statistics.record(lag: .milliseconds(n)) }
        #expect(statistics.lags.count == 100_000)
        #expect(statistics.recentLags(3) == [.milliseconds(100_002), .milliseconds(100_003), .milliseconds(100_004)])
        #expect(statistics.recentLags(100_000).first == .milliseconds(5))
        var young = CheckScheduler<Int>.Statistics()
        for n in 0..<10 { young.record(lag: .milliseconds(n)) }
        #expect(young.recentLags(2) == [.milliseconds(8), .milliseconds(9)])
    }

    @Test("A hundred checks of one interval are due spread over it, each at its own point, then at a fixed rate, in order")
    func spread() async throws {
        try await withScheduler(work: { _, _ in }) { scheduler, recorder in
            let begin = ContinuousClock.now
            for id in 0..<100 { await scheduler.schedule(id, every: .milliseconds(1000), deadline: .milliseconds(500)) }
            let scheduled = ContinuousClock.now
            // Check n's first run is due n hundredths into the interval.
            var firstDue: [Int: ContinuousClock.Instant] = [:]
            for id in 0..<100 {
                let due = try #require(await scheduler.nextDue(of: id))
                firstDue[id] = due
                #expect(due >= begin + .milliseconds(id * 10) && due <= scheduled + .milliseconds(id * 10), "\(id)")
            }
            try await eventually {
                let starts = await recorder.starts
                return starts.count == 100 && starts.values.allSatisfy { $0.count >= 2 }
            }
            let starts = await recorder.starts
            #expect(starts.count == 100 && starts.values.allSatisfy { $0.count >= 2 })
            // They start in the order they are due, and each next run is due a whole number of intervals after the first.
            let order = (0..<100).sorted { starts[$0]![0] < starts[$1]![0] }
            #expect(order == Array(0..<100))
            for id in [0, 50, 99] {
                let next = try #require(await scheduler.nextDue(of: id))
                let intervals = (next - firstDue[id]!) / .milliseconds(1000)
                #expect(abs(intervals - intervals.rounded()) < 1e-6 && intervals >= 1, "\(id): \(intervals)")
            }
        }
    }

    @Test("A check slower than its interval never runs twice at once: the slots it overruns are skipped")
    func noOverlap() async throws {
        try await withScheduler(work: { _, _ in try? await Task.sleep(for: .milliseconds(250)) }) { scheduler, recorder in
            await scheduler.schedule(1, every: .milliseconds(100), deadline: .seconds(5))
            try await eventually { await (recorder.starts[1]?.count ?? 0) >= 3 }
            #expect(await recorder.maxRunningPerCheck == 1)
            #expect((await recorder.starts[1]?.count ?? 0) >= 3)
            #expect(await scheduler.currentStatistics.skipped >= 2)
        }
    }

    @Test("At most the bound run at once; the others wait their turn and all of them run")
    func bounded() async throws {
        try await withScheduler(maximumConcurrent: 5, spread: { _ in 0 }, work: { _, _ in try? await Task.sleep(for: .milliseconds(100)) })
        {
            scheduler, recorder in
            for id in 0..<30 { await scheduler.schedule(id, every: .seconds(60), deadline: .seconds(5)) }
            try await eventually { await recorder.starts.count == 30 }
            #expect(await recorder.maxInFlight == 5)
            #expect(await recorder.starts.count == 30)
        }
    }

    @Test("A run that hangs, even ignoring cancellation, is abandoned at its deadline and the other checks go on")
    func hangingTargets() async throws {
        try await withScheduler(
            maximumConcurrent: 2,
            work: { id, _ in
                if id == 0 {
                    // A target that never answers, and a wait that ignores cancellation: it ends after 3 s whatever
                    // happens, as a connection stuck in the network would.
                    await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                        Task.detached {
                            try? await Task.sleep(for: .seconds(3))
                            continuation.resume()
                        }
                    }
                }
            }
        ) { scheduler, recorder in
            await scheduler.schedule(0, every: .milliseconds(200), deadline: .milliseconds(150))
            for id in 1...3 { await scheduler.schedule(id, every: .milliseconds(200), deadline: .milliseconds(150)) }
            try await eventually {
                let (starts, abandoned) = (await recorder.starts, await scheduler.currentStatistics.abandoned)
                return (0...3).allSatisfy { (starts[$0]?.count ?? 0) >= 3 } && abandoned >= 2
            }
            let starts = await recorder.starts
            #expect((1...3).allSatisfy { (starts[$0]?.count ?? 0) >= 3 }, "\(starts.mapValues(\.count))")
            #expect((starts[0]?.count ?? 0) >= 3, "the hanging check is tried again on its next slots")
            #expect(await scheduler.currentStatistics.abandoned >= 2)
        }
    }

    @Test("Removed checks stop; a changed interval takes effect")
    func changes() async throws {
        try await withScheduler(spread: { _ in 0 }, work: { _, _ in }) { scheduler, recorder in
            await scheduler.schedule(1, every: .milliseconds(100), deadline: .seconds(1))
            await scheduler.schedule(2, every: .milliseconds(100), deadline: .seconds(1))
            try await eventually {
                let starts = await recorder.starts
                return (starts[1]?.count ?? 0) >= 2 && (starts[2]?.count ?? 0) >= 2
            }
            await scheduler.remove(1)
            await scheduler.schedule(2, every: .seconds(10), deadline: .seconds(1))
            let (one, two) = (await recorder.starts[1]?.count ?? 0, await recorder.starts[2]?.count ?? 0)
            try await Task.sleep(for: .milliseconds(500))
            #expect(await recorder.starts[1]?.count == one)
            #expect((await recorder.starts[2]?.count ?? 0) <= two + 1)
            #expect(await scheduler.count == 1)
        }
    }
}
