import Domain
import Foundation
import Vapor

struct InterfaceDTO: Content {
    let id: UUID
    let assetId: UUID?
    let roomId: UUID?
    let name: String
    let label: String
    let kind: InterfaceKind
    let speedMbps: Int?
    let mac: String?
    let description: String
    let version: Int

    init(_ interface: NetworkInterface, label: String) {
        (id, assetId, roomId, name, self.label, kind) = (
            interface.id!, interface.assetID, interface.roomID, interface.name, label, interface.kind
        )
        (speedMbps, mac, description, version) = (interface.speedMbps, interface.mac, interface.description, interface.version)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "assetId": .nullable(.string(format: "uuid")), "roomId": .nullable(.string(format: "uuid")),
            "name": .string(), "label": .string(), "kind": .string(enumeration: InterfaceKind.allCases.map(\.rawValue)),
            "speedMbps": .nullable(.integer(minimum: 1)), "mac": .nullable(.string()), "description": .string(),
            "version": .integer(minimum: 1),
        ], required: ["id", "name", "label", "kind", "description", "version"])
}

struct InterfaceBody: APIRequestBody {
    let assetTag: String?
    let roomId: UUID?
    let name: String
    let kind: String?
    let speedMbps: Int?
    let mac: String?
    let description: String?

    static let fieldNames: Set<String> = ["assetTag", "roomId", "name", "kind", "speedMbps", "mac", "description"]
    func validate() -> [FieldError] { [] }  // CablingService.InterfaceInput.validate.

    var input: CablingService.InterfaceInput {
        .init(
            assetTag: assetTag, roomID: roomId, name: name, kind: kind ?? InterfaceKind.ethernet.rawValue, speedMbps: speedMbps, mac: mac,
            description: description ?? "")
    }

    static let schema = JSONSchema.object(
        properties: [
            "assetTag": .string(), "roomId": .string(format: "uuid"), "name": .string(),
            "kind": .string(enumeration: InterfaceKind.allCases.map(\.rawValue)), "speedMbps": .integer(minimum: 1), "mac": .string(),
            "description": .string(),
        ], required: ["name"])
}

struct AddressInterfaceBody: APIRequestBody {
    let interfaceId: UUID?

    static let fieldNames: Set<String> = ["interfaceId"]
    func validate() -> [FieldError] { [] }
    static let schema = JSONSchema.object(properties: ["interfaceId": .nullable(.string(format: "uuid"))], required: ["interfaceId"])
}
