import Foundation

/// One licence of a product as the compliance count sees it.
public struct LicenceEntitlement: Sendable, Equatable {
    public var id: UUID
    public var kind: LicenceKind
    /// Seats bought; nil for a site licence.
    public var seats: Int?
    /// The site a site licence covers.
    public var siteID: UUID?
    /// The cost per billing period; nil when unknown.
    public var cost: Money?
    public var billing: LicenceBilling
    /// The start date orders licences bought at different times: the newest price is today's price.
    public var start: CalendarDate
    /// Seats assigned to named people or devices.
    public var assigned: Int

    public init(
        id: UUID, kind: LicenceKind, seats: Int?, siteID: UUID? = nil, cost: Money?, billing: LicenceBilling, start: CalendarDate,
        assigned: Int
    ) {
        self.id = id
        self.kind = kind
        self.seats = seats
        self.siteID = siteID
        self.cost = cost
        self.billing = billing
        self.start = start
        self.assigned = assigned
    }

    /// What the licence costs per year; zero for a one-time purchase, which wastes nothing recurring.
    public var yearlyCost: Money? {
        guard let cost else { return nil }
        guard let period = billing.period else { return .zero(cost.currency) }
        return ContractCost.perYear(cost, period: period)
    }

    /// The yearly cost of `count` of this licence's seats, rounded half up to the minor unit.
    public func yearlyCost(ofSeats count: Int) -> Money? {
        guard let yearly = yearlyCost, let seats, seats > 0 else { return nil }
        let (product, overflow) = yearly.minorUnits.multipliedReportingOverflow(by: Int64(count))
        guard !overflow else { return nil }
        let rounded = (product * 2 + Int64(seats)) / (2 * Int64(seats))
        return Money(minorUnits: rounded, currency: yearly.currency)
    }
}
