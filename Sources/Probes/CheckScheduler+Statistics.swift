extension CheckScheduler {
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
}
