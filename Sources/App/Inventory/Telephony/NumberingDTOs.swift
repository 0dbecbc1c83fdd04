import Domain
import Foundation
import Vapor

/// A VLAN as the JSON API shows it.
struct VLANDTO: Vapor.Content {
    let id: UUID
    let siteId: UUID
    let vid: Int
    let name: String
    let description: String
    let version: Int

    init(_ vlan: VLAN) {
        (id, siteId, vid, name, description, version) = (vlan.id!, vlan.siteID, vlan.vid, vlan.name, vlan.description, vlan.version)
    }

    static let fields: [String: JSONSchema] = [
        "siteId": .string(format: "uuid"), "vid": .integer(minimum: 1, maximum: 4094), "name": .string(), "description": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: fields.merging(["id": .string(format: "uuid"), "version": .integer(minimum: 1)]) { $1 },
        required: ["id", "siteId", "vid", "name", "description", "version"])
}

struct VLANBody: APIRequestBody {
    let siteId: UUID?
    let vid: Int?
    let name: String
    let description: String?

    static let fieldNames = Set(VLANDTO.fields.keys)
    func validate() -> [FieldError] { [] }  // NumberingService.VLANInput.validate.
    static let schema = JSONSchema.object(properties: VLANDTO.fields, required: ["siteId", "vid", "name"])
}

struct TelephoneNumberDTO: Vapor.Content {
    let id: UUID
    let number: String
    let `extension`: String?
    let employeeId: UUID?
    let assetId: UUID?
    let siteId: UUID?
    let description: String
    let version: Int

    init(_ record: TelephoneNumber) {
        (id, number, `extension`, employeeId) = (record.id!, record.number, record.phoneExtension, record.employeeID)
        (assetId, siteId, description, version) = (record.assetID, record.siteID, record.description, record.version)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "number": .string(), "extension": .nullable(.string()),
            "employeeId": .nullable(.string(format: "uuid")),
            "assetId": .nullable(.string(format: "uuid")), "siteId": .nullable(.string(format: "uuid")), "description": .string(),
            "version": .integer(minimum: 1),
        ], required: ["id", "number", "description", "version"])
}

struct TelephoneNumberBody: APIRequestBody {
    let number: String
    let `extension`: String?
    let employeeNumber: String?
    let assetTag: String?
    let siteId: UUID?
    let description: String?

    static let fieldNames: Set<String> = ["number", "extension", "employeeNumber", "assetTag", "siteId", "description"]
    func validate() -> [FieldError] { [] }  // NumberingService.NumberInput.validate.
    static let schema = JSONSchema.object(
        properties: [
            "number": .string(), "extension": .string(), "employeeNumber": .string(), "assetTag": .string(),
            "siteId": .string(format: "uuid"),
            "description": .string(),
        ], required: ["number"])
}
