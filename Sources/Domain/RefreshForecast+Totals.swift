extension RefreshForecast {
    public struct Forecast: Sendable {
        /// The quarters of the horizon, starting with the current one.
        public let quarters: [FiscalQuarter]
        /// Assets due within the horizon, by date; those already overdue count in the current quarter, as they must
        /// be replaced now.
        public let due: [Due]
        /// How many of `due` were due before today.
        public let overdue: Int
        /// Assets due after the horizon, and those for which nothing is known.
        public let later: Int
        public let unknown: Int

        /// Count and cost per quarter, per group (department, site, type…) as `group` names it. Costs in different
        /// currencies are kept apart, never converted.
        public func totals(by group: (Due) -> String) -> [String: [FiscalQuarter: Total]] {
            var result: [String: [FiscalQuarter: Total]] = [:]
            for entry in due { result[group(entry), default: [:]][entry.quarter, default: Total()].add(entry) }
            return result
        }

        /// Count and cost per quarter over all assets.
        public var perQuarter: [FiscalQuarter: Total] { totals { _ in "" }[""] ?? [:] }
    }

    /// What a quarter's replacements add up to.
    public struct Total: Sendable, Equatable {
        public private(set) var count = 0
        /// How many of them have no cost estimate.
        public private(set) var unpriced = 0
        /// Minor units per currency.
        public private(set) var cost: [Currency: Int64] = [:]

        public init() {}

        mutating func add(_ entry: Due) {
            count += 1
            guard let estimate = entry.estimate else {
                unpriced += 1
                return
            }
            cost[estimate.currency, default: 0] += estimate.minorUnits
        }

        /// The costs as money, largest first.
        public var amounts: [Money] {
            cost.map { Money(minorUnits: $0.value, currency: $0.key) }.sorted {
                ($0.minorUnits, $0.currency.code) > ($1.minorUnits, $1.currency.code)
            }
        }
    }
}
