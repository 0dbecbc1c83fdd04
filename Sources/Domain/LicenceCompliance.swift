import Foundation

/// What a software product is for, as licence reports group it.
public enum SoftwareCategory: String, CaseIterable, Sendable, Codable {
    case office, communication, security, operatingSystem = "operating_system", development, design, database, finance, utility, other

    public var labelKey: String { "software.category.\(rawValue)" }
}

/// How a licence counts: what one seat entitles.
public enum LicenceKind: String, CaseIterable, Sendable, Codable {
    /// One seat per named person, on as many of their devices as they use.
    case perUser = "per_user"
    /// One seat per device the product is installed on.
    case perDevice = "per_device"
    /// Seats are simultaneous users, enforced by the vendor's licence server; installations are free.
    case concurrent
    /// Every installation on devices at one site.
    case site
    /// A recurring per-person subscription (Microsoft 365, Adobe Creative Cloud): counts like per user.
    case subscription

    public var labelKey: String { "licence.kind.\(rawValue)" }
    /// Whether the licence has a number of seats (all but site licences).
    public var hasSeats: Bool { self != .site }
    public var countsPeople: Bool { self == .perUser || self == .subscription }
}

/// How often a licence's cost falls due: once (a perpetual licence) or every period.
public enum LicenceBilling: String, CaseIterable, Sendable, Codable {
    case oneTime = "one_time", monthly, quarterly, yearly

    public var labelKey: String { "licence.billing.\(rawValue)" }
    /// The recurring period; nil for a one-time purchase.
    public var period: BillingPeriod? { BillingPeriod(rawValue: rawValue) }
}

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

/// One installation of a product, on a device: where the device is and who holds it.
public struct SoftwareInstallation: Sendable, Equatable {
    public var deviceID: UUID
    public var siteID: UUID?
    /// The employee holding the device; nil for shared or stocked devices, which then count as one user each.
    public var holderID: UUID?

    public init(deviceID: UUID, siteID: UUID?, holderID: UUID?) {
        self.deviceID = deviceID
        self.siteID = siteID
        self.holderID = holderID
    }
}

/// A product's licence position: what it is entitled to against what it uses, what the surplus costs per year and what
/// the shortfall would cost to put right.
///
/// The rules, as a software-asset manager counts:
/// - Only licences in force count (the caller passes those). Seat licences of every kind are pooled.
/// - Installations at a site with a site licence are covered by it.
/// - The remaining installations need seats: one per device where a per-device licence is among them (or none at all),
///   else one per person holding an installed device (a device without a holder counts alone).
/// - With a concurrent licence, installations are free and the vendor's licence server meters use; its seats cannot be
///   seen to be idle from here and count as in use.
/// - Demand is the larger of the installations' need and the seats assigned by name (an assigned seat is taken even
///   when nothing is installed, as a SaaS account is), plus the concurrent seats.
/// - Surplus seats are priced at the most expensive seats first (those are what cancelling would save); a shortfall at
///   the newest licence's seat price (what buying today would cost). Amounts stay per currency.
public struct LicencePosition: Sendable, Equatable {
    /// Licences in force, of every kind.
    public let licences: Int
    public let installations: Int
    public let coveredBySite: Int
    public let assigned: Int
    /// Seats owned; nil when only site licences cover the product (unlimited at their sites).
    public let entitled: Int?
    public let demand: Int
    public let surplus: Int
    public let shortfall: Int
    /// What the surplus seats cost per year, per currency.
    public let surplusCostPerYear: [Money]
    /// What the shortfall would cost per year at the newest seat price; empty when no priced seat licence exists.
    public let shortfallCostPerYear: [Money]
    /// What all the licences in force cost per year, per currency.
    public let costPerYear: [Money]

    public enum Status: String, Sendable, CaseIterable {
        /// Demand matches what is owned.
        case compliant
        /// More seats owned than used: money wasted.
        case overLicensed = "over_licensed"
        /// More used than owned: audit exposure.
        case underLicensed = "under_licensed"
        /// Installed, but no licence at all.
        case unlicensed
        /// Neither installed nor licensed.
        case unused

        public var labelKey: String { "compliance.status.\(rawValue)" }
    }

    public var status: Status {
        if shortfall > 0 { return licences == 0 ? .unlicensed : .underLicensed }
        if surplus > 0 { return .overLicensed }
        return licences == 0 && installations == 0 ? .unused : .compliant
    }

    public init(licences: [LicenceEntitlement], installations: [SoftwareInstallation]) {
        let siteCover = Set(licences.filter { $0.kind == .site }.compactMap(\.siteID))
        let uncovered = installations.filter { installation in installation.siteID.map { !siteCover.contains($0) } ?? true }
        let seatLicences = licences.filter(\.kind.hasSeats)
        let named = seatLicences.filter { $0.kind != .concurrent }
        let concurrentSeats = seatLicences.filter { $0.kind == .concurrent }.reduce(0) { $0 + ($1.seats ?? 0) }
        let installDemand: Int
        if seatLicences.contains(where: { $0.kind == .concurrent }) {
            installDemand = 0  // installations are free; the licence server meters use
        } else if named.contains(where: \.kind.countsPeople) && !named.contains(where: { $0.kind == .perDevice }) {
            let held = Set(uncovered.compactMap(\.holderID)).count
            let unheld = Set(uncovered.filter { $0.holderID == nil }.map(\.deviceID)).count
            installDemand = held + unheld
        } else {
            installDemand = Set(uncovered.map(\.deviceID)).count
        }
        let assignedByName = named.reduce(0) { $0 + $1.assigned }
        let entitled = seatLicences.isEmpty ? nil : seatLicences.reduce(0) { $0 + ($1.seats ?? 0) }
        // Concurrent seats cannot be seen to be idle from here, so they count as in use.
        let demand = max(installDemand, assignedByName) + concurrentSeats
        self.licences = licences.count
        self.installations = installations.count
        self.coveredBySite = installations.count - uncovered.count
        self.assigned = seatLicences.reduce(0) { $0 + $1.assigned }
        self.entitled = entitled
        self.demand = demand
        self.surplus = max(0, (entitled ?? 0) - demand)
        self.shortfall = max(0, demand - (entitled ?? 0))

        // Demand fills the cheapest seats first; the unused, dearest ones are the surplus.
        var unfilled = demand
        var surplusCost: [Money] = []
        let order = seatLicences.filter { $0.kind == .concurrent } + named.sorted(by: Self.cheaperSeatFirst)
        for licence in order {
            let seats = licence.seats ?? 0
            let used = min(seats, unfilled)
            unfilled -= used
            if seats > used, let cost = licence.yearlyCost(ofSeats: seats - used) { surplusCost.append(cost) }
        }
        self.surplusCostPerYear = Self.totals(surplusCost)
        let newest = named.filter { $0.yearlyCost != nil && $0.billing != .oneTime }.max {
            ($0.start, $0.id.uuidString) < ($1.start, $1.id.uuidString)
        }
        self.shortfallCostPerYear = shortfall > 0 ? Self.totals([newest?.yearlyCost(ofSeats: shortfall)].compactMap { $0 }) : []
        self.costPerYear = Self.totals(licences.compactMap(\.yearlyCost))
    }

    /// Cheaper seats first; amounts in different currencies cannot be compared, so those order by currency code.
    private static func cheaperSeatFirst(_ a: LicenceEntitlement, _ b: LicenceEntitlement) -> Bool {
        let left = a.yearlyCost(ofSeats: 1)
        let right = b.yearlyCost(ofSeats: 1)
        switch (left, right) {
        case (nil, nil): return a.id.uuidString < b.id.uuidString
        case (nil, _): return true  // unpriced seats are used first: nothing to save on them
        case (_, nil): return false
        case (let l?, let r?):
            if l.currency != r.currency { return l.currency.code < r.currency.code }
            return (l.minorUnits, a.id.uuidString) < (r.minorUnits, b.id.uuidString)
        }
    }

    /// Sums per currency, in currency-code order, leaving out zero totals.
    public static func totals(_ amounts: [Money]) -> [Money] {
        var sums: [Currency: Int64] = [:]
        for amount in amounts { sums[amount.currency, default: 0] += amount.minorUnits }
        return sums.filter { $0.value != 0 }.map { Money(minorUnits: $0.value, currency: $0.key) }.sorted {
            $0.currency.code < $1.currency.code
        }
    }
}
