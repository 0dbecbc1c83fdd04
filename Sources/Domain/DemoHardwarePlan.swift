import Foundation

/// The demo company's hardware, as plain values: a catalogue of real-world models, and for every current employee a
/// laptop and a monitor (and for every third a mobile phone), plus per site the servers, network gear, telephone
/// system, desk phones, printers and UPS a small office runs. Purchase dates spread over the last five years, so the
/// refresh forecast has something to forecast; a few assets are in repair, spare in stock or retired. Deterministic for
/// a seed, and it scales with the company (about 2.6 assets per employee).
public struct DemoHardwarePlan: Sendable {
    public struct Model: Sendable {
        public let id: UUID
        public let manufacturer: String
        public let name: String
        public let type: AssetType
        public let endOfLife: CalendarDate?
        public let lifetimeMonths: Int
        /// In euro cents; sites outside the euro area buy in their own currency (see `Asset.purchaseCost`).
        public let listPriceCents: Int64
    }

    public struct Asset: Sendable {
        public let id: UUID
        public let tag: String
        public let name: String
        public let serial: String
        public let imei: String?
        public let modelID: UUID
        public let type: AssetType
        public let status: AssetStatus
        public let siteID: UUID
        public let holderID: UUID?
        /// Shared equipment in use (servers, network gear, phones at reception) is checked out to its site.
        public let holderSiteID: UUID?
        public let purchaseDate: CalendarDate
        public let purchaseCost: Money
        public let warrantyEnd: CalendarDate
        public let supplier: String
        /// Whether the holder has confirmed receipt.
        public let receiptConfirmed: Bool
    }

    /// A current employee who gets equipment.
    public struct Holder: Sendable {
        public let id: UUID
        public let siteID: UUID
        public init(id: UUID, siteID: UUID) {
            self.id = id
            self.siteID = siteID
        }
    }

    /// A site, by the currency it buys in and the short code its host names use.
    public struct Site: Sendable {
        public let id: UUID
        public let code: String
        public let currency: Currency
        public init(id: UUID, code: String, currency: Currency) {
            self.id = id
            self.code = code
            self.currency = currency
        }
    }

    public let models: [Model]
    public let assets: [Asset]

    /// Euro list prices become Swedish kronor at this many öre per cent (11.5 SEK per EUR, a round demo rate).
    static let sekPerEur: Int64 = 115
}
