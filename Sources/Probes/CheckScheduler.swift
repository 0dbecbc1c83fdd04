import Foundation

/// Runs checks on their intervals: each check's first run is placed at a fixed point of its interval drawn from its
/// id, so a thousand checks of one interval spread over it instead of all starting together; runs then follow at a
/// fixed rate. At most `maximumConcurrent` run at once (the rest wait their turn, which shows as lag); a check still
/// running when its next slot comes skips that slot rather than running twice; and a run that outlives its deadline
/// is abandoned — its slot is freed and the check goes on — so a target that hangs cannot stall the others.
///
/// Storage, state and leases are the caller's: `execute` is called with the id and the run's deadline.
public actor CheckScheduler<ID: Hashable & Sendable> {
    struct Entry {
        var interval: Duration
        /// How long a run may take before it is abandoned.
        var deadline: Duration
        var due: ContinuousClock.Instant
        /// Increased when the check is changed or removed, so that slots queued before are recognised as stale.
        var generation: Int
    }

    var entries: [ID: Entry] = [:]
    var queue = DueQueue<ID>()
    var ready: [(id: ID, due: ContinuousClock.Instant, generation: Int)] = []
    var running: [ID: Int] = [:]  // id → run number
    var runNumber = 0
    private var lastGeneration = 0
    var statistics = Statistics()
    let maximumConcurrent: Int
    private let spread: @Sendable (ID) -> Double
    let execute: @Sendable (ID, Duration) async -> Void
    var inFlight = 0

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
}
