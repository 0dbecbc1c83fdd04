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

}
