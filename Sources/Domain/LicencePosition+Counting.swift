import Foundation

extension LicencePosition {
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
