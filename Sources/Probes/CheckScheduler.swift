import Foundation
import Synchronization

/// Runs checks on their intervals: each check's first run is placed at a fixed point of its interval drawn from its
/// id, so a thousand checks of one interval spread over it instead of all starting together; runs then follow at a
/// fixed rate. At most `maximumConcurrent` run at once (the rest wait their turn, which shows as lag); a check still
/// running when its next slot comes skips that slot rather than running twice; and a run that outlives its deadline
/// is abandoned — its slot is freed and the check goes on — so a target that hangs cannot stall the others.
///
/// Storage, state and leases are the caller's: `execute` is called with the id and the run's deadline.
public actor CheckScheduler<ID: Hashable & Sendable> {
    public struct Statistics: Sendable, Equatable {
        public var started = 0
        public var finished = 0
        /// Slots passed over because the check's previous run had not finished.
        public var skipped = 0
        /// Runs given up at their deadline.
        public var abandoned = 0
        /// From each run's due time to its start: in the order they started until 100,000 are kept, then the latest
        /// 100,000 as a ring (`lagCursor` is where the next goes).
        public var lags: [Duration] = []
        public var lagCursor = 0

        static var lagCapacity: Int { 100_000 }

        mutating func record(lag: Duration) {
            if lags.count < Self.lagCapacity {
                lags.append(lag)
            } else {
                lags[lagCursor] = lag
                lagCursor = (lagCursor + 1) % Self.lagCapacity
            }
        }

        /// The latest `count` lags, oldest first.
        public func recentLags(_ count: Int) -> [Duration] {
            guard lags.count >= Self.lagCapacity else { return Array(lags.suffix(count)) }
            let ordered = lags[lagCursor...] + lags[..<lagCursor]
            return Array(ordered.suffix(count))
        }
    }

    struct Entry {
        var interval: Duration
        /// How long a run may take before it is abandoned.
        var deadline: Duration
        var due: ContinuousClock.Instant
        /// Increased when the check is changed or removed, so that slots queued before are recognised as stale.
        var generation: Int
    }

    private var entries: [ID: Entry] = [:]
    private var queue = DueQueue<ID>()
    private var ready: [(id: ID, due: ContinuousClock.Instant, generation: Int)] = []
    private var running: [ID: Int] = [:]  // id → run number
    private var runNumber = 0
    private var lastGeneration = 0
    private var statistics = Statistics()
    private let maximumConcurrent: Int
    private let spread: @Sendable (ID) -> Double
    private let execute: @Sendable (ID, Duration) async -> Void
    private var inFlight = 0

    /// - Parameters:
    ///   - spread: where in its interval a check's first run falls, 0 ..< 1; by default from the id's hash (stable
    ///     within the process; pass a stored value to keep it across restarts).
    public init(
        maximumConcurrent: Int, spread: @escaping @Sendable (ID) -> Double = { Double(UInt(bitPattern: $0.hashValue) % 10_000) / 10_000 },
        execute: @escaping @Sendable (ID, Duration) async -> Void
    ) {
        self.maximumConcurrent = max(1, maximumConcurrent)
        self.spread = spread
        self.execute = execute
    }

    /// Adds a check, or changes its interval and deadline (its place in the interval stays).
    public func schedule(_ id: ID, every interval: Duration, deadline: Duration) {
        let now = ContinuousClock.now
        lastGeneration += 1
        let generation = lastGeneration
        let offset = interval * min(max(spread(id), 0), 0.999_999)
        var due = now + offset
        if let existing = entries[id], existing.interval == interval { due = existing.due }
        entries[id] = Entry(interval: interval, deadline: deadline, due: due, generation: generation)
        queue.push(due, id, generation)
    }

    public func remove(_ id: ID) {
        entries[id] = nil
    }

    public var currentStatistics: Statistics { statistics }

    /// When the check is next due (for "next run" on a check's page).
    public func nextDue(of id: ID) -> ContinuousClock.Instant? { entries[id]?.due }

    /// How many checks are scheduled.
    public var count: Int { entries.count }

    /// Runs until the task is cancelled.
    public func run(tick: Duration = .milliseconds(20)) async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            while let (due, id, generation) = queue.peek(), due <= now {
                queue.pop()
                guard var entry = entries[id], entry.generation == generation else { continue }
                // The next slot at a fixed rate; slots already passed (an overloaded or sleeping process) are not
                // made up for, only the latest is kept.
                var next = entry.due + entry.interval
                if next <= now {
                    let behind = (now - entry.due) / entry.interval
                    next = entry.due + entry.interval * (behind.rounded(.down) + 1)
                }
                let slot = entry.due
                entry.due = next
                entries[id] = entry
                queue.push(next, id, generation)
                if running[id] != nil || ready.contains(where: { $0.id == id }) {
                    statistics.skipped += 1
                } else {
                    ready.append((id, slot, generation))
                }
            }
            startReady()
            let wake = queue.peek().map { min($0.due, now + tick) } ?? now + tick
            try? await Task.sleep(until: max(wake, now + .milliseconds(1)), clock: .continuous)
        }
    }

    private func startReady() {
        while inFlight < maximumConcurrent, !ready.isEmpty {
            let (id, due, generation) = ready.removeFirst()
            guard let entry = entries[id], entry.generation == generation else { continue }
            runNumber += 1
            let number = runNumber
            running[id] = number
            inFlight += 1
            statistics.started += 1
            statistics.record(lag: ContinuousClock.now - due)
            let execute = self.execute
            let deadline = entry.deadline
            Task {
                // The run races its deadline; whichever ends first frees the slot. A run that ignores its
                // cancellation is left behind rather than waited for.
                let once = Once()
                let abandoned: Bool = await withCheckedContinuation { continuation in
                    let work = Task {
                        await execute(id, deadline)
                        if once.claim() { continuation.resume(returning: false) }
                    }
                    let timer = Task {
                        try? await Task.sleep(for: deadline)
                        guard !Task.isCancelled, once.claim() else { return }
                        work.cancel()
                        continuation.resume(returning: true)
                    }
                    Task {
                        await work.value
                        timer.cancel()
                    }
                }
                self.finished(id, number: number, abandoned: abandoned)
            }
        }
    }

    private func finished(_ id: ID, number: Int, abandoned: Bool) {
        if running[id] == number { running[id] = nil }
        inFlight -= 1
        if abandoned { statistics.abandoned += 1 } else { statistics.finished += 1 }
        startReady()
    }
}

/// True for the first caller only.
final class Once: Sendable {
    private let flag = Atomic<Bool>(false)

    func claim() -> Bool { flag.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }
}

/// A binary min-heap of due times.
struct DueQueue<ID> {
    private var heap: [(due: ContinuousClock.Instant, id: ID, generation: Int)] = []

    var isEmpty: Bool { heap.isEmpty }

    func peek() -> (due: ContinuousClock.Instant, id: ID, generation: Int)? { heap.first }

    mutating func push(_ due: ContinuousClock.Instant, _ id: ID, _ generation: Int) {
        heap.append((due, id, generation))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
