import Foundation

/// The demo company's software: what runs on its computers and servers, and the licences bought for it, sized from the
/// hardware so that it scales with the company. Chosen to show every licence position: a subscription bought with
/// room to spare (money wasted), security seats that have fallen behind the fleet (exposure), an OEM licence that
/// matches, a site licence whose product spread to another site, concurrent seats, named developer seats.
public struct DemoSoftwarePlan: Sendable {
    public struct Device: Sendable {
        public let id: UUID
        public let type: AssetType
        public let holderID: UUID?
        public let siteID: UUID?

        public init(id: UUID, type: AssetType, holderID: UUID?, siteID: UUID?) {
            self.id = id
            self.type = type
            self.holderID = holderID
            self.siteID = siteID
        }
    }

    public struct Product: Sendable {
        public let id = UUID()
        public let publisher: String
        public let name: String
        public let category: SoftwareCategory
    }

    public struct Installation: Sendable {
        public let productID: UUID
        public let deviceID: UUID
        public let version: String
    }

    public struct Licence: Sendable {
        public let id = UUID()
        public let productID: UUID
        public let name: String
        public let kind: LicenceKind
        public let seats: Int?
        public let siteID: UUID?
        public let cost: Money?
        public let billing: LicenceBilling
        public let start: CalendarDate
        public let renewal: CalendarDate?
        public let autoRenews: Bool
        public let hasKey: Bool
        /// Employees given a named seat.
        public let assignees: [UUID]
    }

    public internal(set) var products: [Product] = []
    public internal(set) var installations: [Installation] = []
    public internal(set) var licences: [Licence] = []
}
