import Domain
import Foundation
import Vapor

struct AssetDTO: Content {
    let id: UUID
    let tag: String
    let name: String
    let serial: String?
    let imei: String?
    let modelId: UUID
    let model: String
    let type: AssetType
    let status: AssetStatus
    let siteId: UUID?
    let roomId: UUID?
    let assignedEmployeeId: UUID?
    let assignedSiteId: UUID?
    let assignedAt: Date?
    let receiptConfirmedAt: Date?
    let purchaseDate: String?
    let purchaseCost: MoneyDTO?
    let supplier: String
    let orderNumber: String
    let costCentreId: UUID?
    let warrantyEnd: String?
    let notes: String
    let customFields: [String: String]
    let version: Int

    init(_ asset: Asset, model: String) { self.init(AssetListing(asset), model: model) }

    init(_ asset: AssetListing, model: String) {
        (id, tag, name, serial, imei, modelId, self.model) = (
            asset.id, asset.tag, asset.name, asset.serial, asset.imei, asset.modelID, model
        )
        (type, status, siteId, roomId) = (asset.type, asset.status, asset.siteID, asset.roomID)
        (assignedEmployeeId, assignedSiteId, assignedAt, receiptConfirmedAt) = (
            asset.assignedEmployeeID, asset.assignedSiteID, asset.assignedAt, asset.receiptConfirmedAt
        )
        (purchaseDate, purchaseCost, supplier, orderNumber, costCentreId) = (
            asset.purchaseDate, asset.purchaseCost.map(MoneyDTO.init), asset.supplier, asset.orderNumber, asset.costCentreID
        )
        (warrantyEnd, notes, customFields, version) = (asset.warrantyEnd, asset.notes, asset.customValues, asset.version)
    }

    /// The fields a client may write.
    static let fieldSchemas: [String: JSONSchema] = [
        "tag": .string(), "name": .string(), "serial": .nullable(.string()), "imei": .nullable(.string()),
        "modelId": .string(format: "uuid"), "siteId": .nullable(.string(format: "uuid")), "roomId": .nullable(.string(format: "uuid")),
        "purchaseDate": .nullable(.string(format: "date")), "purchaseCost": .nullable(.ref("Money")), "supplier": .string(),
        "orderNumber": .string(), "costCentreId": .nullable(.string(format: "uuid")), "warrantyEnd": .nullable(.string(format: "date")),
        "notes": .string(),
        "customFields": .anyObject(description: "The custom fields of the asset's type, by key; each value a string."),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(
            [
                "id": .string(format: "uuid"), "model": .string(), "type": .string(enumeration: AssetType.allCases.map(\.rawValue)),
                "status": .string(enumeration: AssetStatus.allCases.map(\.rawValue)),
                "assignedEmployeeId": .nullable(.string(format: "uuid")), "assignedSiteId": .nullable(.string(format: "uuid")),
                "assignedAt": .nullable(.string(format: "date-time")), "receiptConfirmedAt": .nullable(.string(format: "date-time")),
                "version": .integer(minimum: 1),
            ]
        ) { $1 },
        required: [
            "id", "tag", "name", "modelId", "model", "type", "status", "supplier", "orderNumber", "notes", "customFields", "version",
        ])
}

struct AssetBody: APIRequestBody {
    let tag: String?
    let name: String?
    let serial: String?
    let imei: String?
    let modelId: UUID?
    let siteId: UUID?
    let roomId: UUID?
    let purchaseDate: String?
    let purchaseCost: MoneyDTO?
    let supplier: String?
    let orderNumber: String?
    let costCentreId: UUID?
    let warrantyEnd: String?
    let notes: String?
    /// The custom fields by key; a PATCH replaces the whole set.
    let customFields: [String: String]?
    /// Only when creating: "in_stock" (the default) or "ordered".
    let status: String?

    static let fieldNames = Set(AssetDTO.fieldSchemas.keys).union(["status"])
    /// What the body alone can say: a known status. The asset's own rules need the stored asset the body is merged
    /// over, so `AssetService.AssetInput.validate` checks them.
    func validate() -> [FieldError] {
        guard let status, AssetStatus(rawValue: status) == nil else { return [] }
        return [FieldError(field: "status", code: .invalid)]
    }

    func merged(over base: Asset?, present: Set<String>) throws -> AssetService.AssetInput {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return AssetService.AssetInput(
            tag: pick("tag", tag, base?.tag) ?? "", name: pick("name", name, base?.name) ?? "",
            serial: pick("serial", serial, base?.serial),
            imei: pick("imei", imei, base?.imei), modelID: pick("modelId", modelId, base?.modelID),
            siteID: pick("siteId", siteId, base?.siteID),
            roomID: pick("roomId", roomId, base?.roomID), purchaseDate: pick("purchaseDate", purchaseDate, base?.purchaseDateText),
            purchaseCost: present.contains("purchaseCost") ? try purchaseCost?.money(field: "purchaseCost") : base?.purchaseCost,
            supplier: pick("supplier", supplier, base?.supplier) ?? "",
            orderNumber: pick("orderNumber", orderNumber, base?.orderNumber) ?? "",
            costCentreID: pick("costCentreId", costCentreId, base?.costCentreID),
            warrantyEnd: pick("warrantyEnd", warrantyEnd, base?.warrantyEndText), notes: pick("notes", notes, base?.notes) ?? "",
            customValues: present.contains("customFields") ? customFields ?? [:] : nil)
    }

    static let schema = JSONSchema.object(
        properties: AssetDTO.fieldSchemas.merging(["status": .string(enumeration: ["in_stock", "ordered"])]) { $1 }, required: ["modelId"])
}
