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
