import Domain
import Fluent
import Foundation
import SQLKit

/// A maker of hardware ("Lenovo", "Cisco").
final class Manufacturer: Model, @unchecked Sendable {
    static let schema = "manufacturers"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// The name lower-cased: manufacturers are found by name without regard to case.
    @Field(key: "name_key") var nameKey: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] { ["name": name] }
}

/// A hardware model ("ThinkPad T14 Gen 4"): its type, when the maker stops supporting it, how long one is expected to
/// serve, and what a new one costs today. The refresh forecast reads these.
final class AssetModel: Model, @unchecked Sendable {
    static let schema = "asset_models"

    @ID(key: .id) var id: UUID?
    @Field(key: "manufacturer_id") var manufacturerID: UUID
    @Field(key: "name") var name: String
    @Field(key: "type") var typeRaw: String
    @OptionalField(key: "end_of_life") var endOfLifeText: String?
    @OptionalField(key: "lifetime_months") var lifetimeMonths: Int?
    @OptionalField(key: "list_price_minor") var listPriceMinor: Int64?
    @OptionalField(key: "list_price_currency") var listPriceCurrency: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var type: AssetType { AssetType(rawValue: typeRaw) ?? .other }
    var listPrice: Money? { Money(minorUnits: listPriceMinor, currencyCode: listPriceCurrency) }

    var auditFields: [String: String] {
        [
            "manufacturer": manufacturerID.uuidString, "name": name, "type": typeRaw, "end_of_life": endOfLifeText ?? "",
            "lifetime_months": lifetimeMonths.map(String.init) ?? "", "list_price": listPrice?.description ?? "",
        ]
    }
}

extension Money {
    /// The amount stored in two nullable columns; nil unless both are present and the currency is known.
    init?(minorUnits: Int64?, currencyCode: String?) {
        guard let minorUnits, let code = currencyCode, let currency = Currency(code: code) else { return nil }
        self.init(minorUnits: minorUnits, currency: currency)
    }
}
