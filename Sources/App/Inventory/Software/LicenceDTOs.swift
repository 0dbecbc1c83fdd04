import Domain
import Foundation
import Vapor

struct LicenceDTO: Content {
    let id: UUID
    let productId: UUID
    let vendorId: UUID?
    let name: String
    let kind: LicenceKind
    let seats: Int?
    let siteId: UUID?
    let cost: MoneyDTO?
    let billing: LicenceBilling
    let costPerYear: MoneyDTO?
    let startDate: String
    let renewalDate: String?
    let autoRenews: Bool
    let renewalMonths: Int
    /// The end of the term running today; whether the licence counts today.
    let currentEnd: String?
    let inForce: Bool
    let orderNumber: String
    let costCentreId: UUID?
    let notes: String
    /// Whether a key is stored; the key itself only through the reveal endpoint.
    let hasKey: Bool
    let assigned: Int
    let version: Int

    init(_ licence: Licence, assigned: Int, today: CalendarDate) {
        (id, productId, vendorId, name, kind) = (licence.id!, licence.productID, licence.vendorID, licence.name, licence.kind)
        (seats, siteId, billing) = (licence.seats, licence.siteID, licence.billing)
        cost = licence.cost.map(MoneyDTO.init)
        costPerYear = licence.entitlement(assigned: assigned).yearlyCost.map(MoneyDTO.init)
        (startDate, renewalDate, autoRenews, renewalMonths) = (
            licence.startDateText, licence.renewalDateText, licence.autoRenews, licence.renewalMonths
        )
        currentEnd = licence.term?.currentEnd(on: today)?.description
        inForce = licence.isInForce(on: today)
        (orderNumber, costCentreId, notes) = (licence.orderNumber, licence.costCentreID, licence.notes)
        (hasKey, self.assigned, version) = (licence.keySealed != nil, assigned, licence.version)
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "productId": .string(format: "uuid"), "vendorId": .nullable(.string(format: "uuid")), "name": .string(),
        "kind": .string(enumeration: LicenceKind.allCases.map(\.rawValue)), "seats": .nullable(.integer(minimum: 1, maximum: 1_000_000)),
        "siteId": .nullable(.string(format: "uuid")), "cost": .nullable(.ref("Money")),
        "billing": .string(enumeration: LicenceBilling.allCases.map(\.rawValue)), "startDate": .string(format: "date"),
        "renewalDate": .nullable(.string(format: "date")), "autoRenews": .boolean, "renewalMonths": .integer(minimum: 1, maximum: 120),
        "orderNumber": .string(), "costCentreId": .nullable(.string(format: "uuid")), "notes": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(
            [
                "id": .string(format: "uuid"), "costPerYear": .nullable(.ref("Money")), "currentEnd": .nullable(.string(format: "date")),
                "inForce": .boolean, "hasKey": .boolean, "assigned": .integer(minimum: 0), "version": .integer(minimum: 1),
            ]
        ) { $1 },
        required: [
            "id", "productId", "name", "kind", "billing", "startDate", "autoRenews", "renewalMonths", "inForce", "orderNumber", "notes",
            "hasKey", "assigned", "version",
        ])
}

struct LicenceBody: APIRequestBody {
    let productId: UUID?
    let vendorId: UUID?
    let name: String?
    let kind: String?
    let seats: Int?
    let siteId: UUID?
    let cost: MoneyDTO?
    let billing: String?
    let startDate: String?
    let renewalDate: String?
    let autoRenews: Bool?
    let renewalMonths: Int?
    let orderNumber: String?
    let costCentreId: UUID?
    let notes: String?
    let key: String?

    static let fieldNames = Set(LicenceDTO.fieldSchemas.keys).union(["key"])
    func validate() -> [FieldError] { [] }  // SoftwareService.LicenceInput.validate, after merging.

    func merged(over base: Licence?, present: Set<String>) throws -> SoftwareService.LicenceInput {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return .init(
            productID: pick("productId", productId, base?.productID), vendorID: pick("vendorId", vendorId, base?.vendorID),
            name: pick("name", name, base?.name) ?? "", kind: pick("kind", kind, base?.kindRaw) ?? "",
            seats: pick("seats", seats, base?.seats), siteID: pick("siteId", siteId, base?.siteID),
            cost: present.contains("cost") ? try cost?.money(field: "cost") : base?.cost,
            billing: pick("billing", billing, base?.billingRaw) ?? LicenceBilling.yearly.rawValue,
            startDate: pick("startDate", startDate, base?.startDateText) ?? "",
            renewalDate: pick("renewalDate", renewalDate, base?.renewalDateText),
            autoRenews: pick("autoRenews", autoRenews, base?.autoRenews) ?? false,
            renewalMonths: pick("renewalMonths", renewalMonths, base?.renewalMonths) ?? 12,
            orderNumber: pick("orderNumber", orderNumber, base?.orderNumber) ?? "",
            costCentreID: pick("costCentreId", costCentreId, base?.costCentreID), notes: pick("notes", notes, base?.notes) ?? "",
            // Absent keeps the stored key; null or "" removes it.
            key: present.contains("key") ? (key ?? "") : nil)
    }

    static let schema = JSONSchema.object(
        properties: LicenceDTO.fieldSchemas.merging(["key": .nullable(.string())]) { $1 },
        required: ["productId", "name", "kind", "startDate"])
}
