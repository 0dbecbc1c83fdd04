import Foundation
import Probes
import Testing

/// The scheduler on the real clock, with short intervals and tolerances wide enough for a busy machine: the
/// assertions are about order and counts (spread, no overlap, the concurrency bound, hanging runs), not speed.
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

    @Test("A hundred checks of one interval start spread over it, each at its own point, then at a fixed rate")
    func spread() async throws {
        let begin = ContinuousClock.now
        try await withScheduler(work: { _, _ in }) { scheduler, recorder in
            for id in 0..<100 { await scheduler.schedule(id, every: .milliseconds(1000), deadline: .milliseconds(500)) }
            try await Task.sleep(for: .milliseconds(2500))
            let starts = await recorder.starts
            #expect(starts.count == 100)
            // The first runs fall in ten 100 ms buckets, about ten each, never all at once.
            var buckets = [Int](repeating: 0, count: 10)
            for id in 0..<100 {
                let first = try #require(starts[id]?.first)
                let bucket = Int(((first - begin) / .milliseconds(100)).rounded(.down))
                if (0..<10).contains(bucket) { buckets[bucket] += 1 }
            }
            #expect(buckets.allSatisfy { $0 <= 30 }, "\(buckets)")
            #expect(buckets.reduce(0, +) >= 90, "\(buckets)")
            // Check 50 starts half-way into its interval, and again one interval later.
            let fifty = try #require(starts[50])
            #expect(fifty.count >= 2)
            let gap = fifty[1] - fifty[0]
            #expect(gap > .milliseconds(800) && gap < .milliseconds(1300), "\(gap)")
            let lags = await scheduler.currentStatistics.lags
            #expect(lags.count >= 200 && lags.sorted()[lags.count / 2] < .milliseconds(100))
        }
    }

    @Test("A check slower than its interval never runs twice at once: the slots it overruns are skipped")
    func noOverlap() async throws {
        try await withScheduler(work: { _, _ in try? await Task.sleep(for: .milliseconds(250)) }) { scheduler, recorder in
            await scheduler.schedule(1, every: .milliseconds(100), deadline: .seconds(5))
            try await Task.sleep(for: .milliseconds(1100))
            #expect(await recorder.maxRunningPerCheck == 1)
            let runs = await recorder.starts[1]?.count ?? 0
            #expect((2...5).contains(runs), "\(runs)")
            #expect(await scheduler.currentStatistics.skipped >= 4)
        }
    }

    @Test("At most the bound run at once; the others wait their turn and all of them run")
    func bounded() async throws {
        try await withScheduler(maximumConcurrent: 5, spread: { _ in 0 }, work: { _, _ in try? await Task.sleep(for: .milliseconds(100)) })
        {
            scheduler, recorder in
            for id in 0..<30 { await scheduler.schedule(id, every: .seconds(60), deadline: .seconds(5)) }
            try await Task.sleep(for: .milliseconds(1500))
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
            try await Task.sleep(for: .milliseconds(1200))
            let starts = await recorder.starts
            #expect((1...3).allSatisfy { (starts[$0]?.count ?? 0) >= 3 }, "\(starts.mapValues(\.count))")
            #expect((starts[0]?.count ?? 0) >= 3, "the hanging check is tried again on its next slots")
            #expect(await scheduler.currentStatistics.abandoned >= 3)
        }
    }

    @Test("Removed checks stop; a changed interval takes effect")
    func changes() async throws {
        try await withScheduler(spread: { _ in 0 }, work: { _, _ in }) { scheduler, recorder in
            await scheduler.schedule(1, every: .milliseconds(100), deadline: .seconds(1))
            await scheduler.schedule(2, every: .milliseconds(100), deadline: .seconds(1))
            try await Task.sleep(for: .milliseconds(350))
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
