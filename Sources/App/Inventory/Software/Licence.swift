import Domain
import Fluent
import Foundation

/// A licence bought for a product: how it counts, how many seats, what it costs, when it renews, and its key.
final class Licence: Model, @unchecked Sendable {
    static let schema = "licences"

    @ID(key: .id) var id: UUID?
    @Field(key: "product_id") var productID: UUID
    @OptionalField(key: "vendor_id") var vendorID: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "seats") var seats: Int?
    @OptionalField(key: "site_id") var siteID: UUID?
    @OptionalField(key: "cost_minor") var costMinor: Int64?
    @OptionalField(key: "cost_currency") var costCurrency: String?
    @Field(key: "billing") var billingRaw: String
    @Field(key: "start_date") var startDateText: String
    /// The end of the first term; nil for a perpetual licence.
    @OptionalField(key: "renewal_date") var renewalDateText: String?
    @Field(key: "auto_renews") var autoRenews: Bool
    @Field(key: "renewal_months") var renewalMonths: Int
    @Field(key: "order_number") var orderNumber: String
    @OptionalField(key: "cost_centre_id") var costCentreID: UUID?
    /// The licence key sealed by `SecretBox`, bound to the licence's id; never in the audit trail or a list.
    @OptionalField(key: "key_sealed") var keySealed: String?
    @Field(key: "notes") var notes: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var kind: LicenceKind { LicenceKind(rawValue: kindRaw) ?? .perUser }
    var billing: LicenceBilling { LicenceBilling(rawValue: billingRaw) ?? .yearly }
    var cost: Money? { Money(minorUnits: costMinor, currencyCode: costCurrency) }
    var term: ContractTerm? {
        CalendarDate(startDateText).map {
            ContractTerm(
                start: $0, end: renewalDateText.flatMap(CalendarDate.init), notice: nil, autoRenews: autoRenews,
                renewalMonths: renewalMonths)
        }
    }

    /// Started, and not past a term end it does not renew from.
    func isInForce(on day: CalendarDate) -> Bool {
        guard let term, term.start <= day else { return false }
        guard let end = term.currentEnd(on: day) else { return true }
        return end >= day
    }

    func entitlement(assigned: Int) -> LicenceEntitlement {
        LicenceEntitlement(
            id: id!, kind: kind, seats: kind.hasSeats ? seats : nil, siteID: siteID, cost: cost, billing: billing,
            start: CalendarDate(startDateText) ?? CalendarDate(year: 1970, month: 1, day: 1)!, assigned: assigned)
    }

    var auditFields: [String: String] {
        [
            "product": productID.uuidString, "vendor": vendorID?.uuidString ?? "", "name": name, "kind": kindRaw,
            "seats": seats.map(String.init) ?? "", "site": siteID?.uuidString ?? "", "cost": cost?.description ?? "",
            "billing": billingRaw, "start_date": startDateText, "renewal_date": renewalDateText ?? "", "auto_renews": String(autoRenews),
            "renewal_months": String(renewalMonths), "order_number": orderNumber, "cost_centre": costCentreID?.uuidString ?? "",
            // Whether a key is held, never the key: the audit trail is read by more people than may see keys.
            "key": keySealed == nil ? "" : "stored", "notes": notes,
        ]
    }
}

/// A seat of a licence given to a named person or a device.
final class LicenceAssignment: Model, @unchecked Sendable {
    static let schema = "licence_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "licence_id") var licenceID: UUID
    @OptionalField(key: "employee_id") var employeeID: UUID?
    @OptionalField(key: "asset_id") var assetID: UUID?
    @Field(key: "assigned_at") var assignedAt: Date
    @Field(key: "assigned_by") var assignedBy: String

    init() {}
}

extension Licence: VersionedRecord {
    static let auditEntityType = "licence"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.licence.path(id) }
}
