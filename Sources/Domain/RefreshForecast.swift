/// One quarter of a fiscal year, named by the year it belongs to ("Q3 2026/27").
public struct FiscalQuarter: Hashable, Comparable, Sendable {
    public let fiscalYear: Int
    /// 1–4.
    public let quarter: Int

    public init(fiscalYear: Int, quarter: Int) {
        precondition((1...4).contains(quarter), "a quarter is 1 to 4")
        self.fiscalYear = fiscalYear
        self.quarter = quarter
    }

    /// The quarter `count` quarters later (or earlier, when negative).
    public func advanced(by count: Int) -> FiscalQuarter {
        let index = fiscalYear * 4 + (quarter - 1) + count
        return FiscalQuarter(fiscalYear: index.floorDivided(by: 4), quarter: index - index.floorDivided(by: 4) * 4 + 1)
    }

    public static func < (lhs: FiscalQuarter, rhs: FiscalQuarter) -> Bool {
        (lhs.fiscalYear, lhs.quarter) < (rhs.fiscalYear, rhs.quarter)
    }

    /// "Q1 2026" for a calendar-year organisation, "Q1 2026/27" otherwise.
    public func label(_ calendar: FiscalCalendar) -> String { "Q\(quarter) \(calendar.label(fiscalYear: fiscalYear))" }
}

extension FiscalCalendar {
    /// The fiscal quarter a calendar date falls in (a date has no time of day, so no time zone is involved).
    public func quarter(containing date: CalendarDate) -> FiscalQuarter {
        let year = date.month >= startMonth ? date.year : date.year - 1
        let fiscalMonth = (date.month - startMonth + 12) % 12 + 1
        return FiscalQuarter(fiscalYear: year, quarter: (fiscalMonth - 1) / 3 + 1)
    }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// Which assets fall due for replacement in each quarter ahead, and what replacing them will cost.
public enum RefreshForecast {
    /// What the forecast needs to know of one asset.
    public struct Asset: Sendable, Equatable {
        public var id: String
        public var purchaseDate: CalendarDate?
        public var lifetimeMonths: Int?
        public var warrantyEnd: CalendarDate?
        public var modelEndOfLife: CalendarDate?
        /// The model's current list price: what a replacement costs today.
        public var listPrice: Money?
        /// What this asset cost; the estimate when the model has no list price.
        public var purchaseCost: Money?

        public init(
            id: String, purchaseDate: CalendarDate? = nil, lifetimeMonths: Int? = nil, warrantyEnd: CalendarDate? = nil,
            modelEndOfLife: CalendarDate? = nil, listPrice: Money? = nil, purchaseCost: Money? = nil
        ) {
            self.id = id
            self.purchaseDate = purchaseDate
            self.lifetimeMonths = lifetimeMonths
            self.warrantyEnd = warrantyEnd
            self.modelEndOfLife = modelEndOfLife
            self.listPrice = listPrice
            self.purchaseCost = purchaseCost
        }
    }

    /// Why an asset is due when it is.
    public enum Reason: String, Sendable, CaseIterable {
        /// Purchase date plus the model's expected lifetime.
        case lifetime
        /// The manufacturer's end of life for the model: no more patches or parts.
        case endOfLife = "end_of_life"
        /// Nothing else is known; the warranty's end is when risk starts to grow.
        case warrantyEnd = "warranty_end"

        public var labelKey: String { "forecast.reason.\(rawValue)" }
    }

    public struct Due: Sendable, Equatable {
        public let asset: Asset
        public let date: CalendarDate
        public let reason: Reason
        public let quarter: FiscalQuarter
        /// The list price, else the purchase cost; nil when neither is known.
        public let estimate: Money?
    }

    /// When an asset falls due: the earlier of end of lifetime and the model's end of life; when neither is known,
    /// the end of the warranty; nil when nothing is known.
    public static func dueDate(_ asset: Asset) -> (date: CalendarDate, reason: Reason)? {
        var candidates: [(CalendarDate, Reason)] = []
        if let purchased = asset.purchaseDate, let months = asset.lifetimeMonths, months > 0 {
            candidates.append((purchased.adding(months: months), .lifetime))
        }
        if let endOfLife = asset.modelEndOfLife { candidates.append((endOfLife, .endOfLife)) }
        if let earliest = candidates.min(by: { $0.0 < $1.0 }) { return earliest }
        return asset.warrantyEnd.map { ($0, .warrantyEnd) }
    }

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

    /// The forecast for `quarters` quarters from the one containing `today`.
    public static func forecast(_ assets: [Asset], today: CalendarDate, calendar: FiscalCalendar, quarters: Int = 12) -> Forecast {
        precondition(quarters > 0)
        let current = calendar.quarter(containing: today)
        let horizon = (0..<quarters).map { current.advanced(by: $0) }
        let lastQuarter = horizon[horizon.count - 1]
        var due: [Due] = []
        var overdue = 0
        var later = 0
        var unknown = 0
        for asset in assets {
            guard let (date, reason) = dueDate(asset) else {
                unknown += 1
                continue
            }
            let quarter = max(calendar.quarter(containing: date), current)
            guard quarter <= lastQuarter else {
                later += 1
                continue
            }
            if date < today { overdue += 1 }
            due.append(Due(asset: asset, date: date, reason: reason, quarter: quarter, estimate: asset.listPrice ?? asset.purchaseCost))
        }
        due.sort { ($0.date, $0.asset.id) < ($1.date, $1.asset.id) }
        return Forecast(quarters: horizon, due: due, overdue: overdue, later: later, unknown: unknown)
    }
}
