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
