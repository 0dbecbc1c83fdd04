import Domain
import Foundation
import Vapor

struct RoomDTO: Content {
    let id: UUID
    let name: String
    let floor: String?

    static let schema = JSONSchema.object(
        properties: ["id": .string(format: "uuid"), "name": .string(), "floor": .nullable(.string())], required: ["id", "name"])
}

struct SiteDTO: Content {
    let id: UUID
    let name: String
    let address: String
    let country: String
    let timeZone: String
    let rooms: [RoomDTO]
    let archived: Bool
    let version: Int

    init(_ site: Site, rooms: [Room]) {
        archived = site.archivedAt != nil
        id = site.id!
        name = site.name
        address = site.address
        country = site.country
        timeZone = site.timeZone
        self.rooms = rooms.sorted { $0.name < $1.name }.map { RoomDTO(id: $0.id!, name: $0.name, floor: $0.floor) }
        version = site.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "name": .string(), "address": .string(), "country": .string(), "timeZone": .string(),
            "rooms": .array(.ref("Room")), "archived": .boolean, "version": .integer(minimum: 1),
        ], required: ["id", "name", "address", "country", "timeZone", "rooms", "archived", "version"])
}

struct SiteBody: APIRequestBody {
    let name: String
    let address: String
    let country: String
    let timeZone: String

    static let fieldNames: Set<String> = ["name", "address", "country", "timeZone"]
    func validate() -> [FieldError] { input.validate() }
    var input: StructureService.SiteInput { .init(name: name, address: address, country: country, timeZone: timeZone) }

    static let schema = JSONSchema.object(
        properties: ["name": .string(), "address": .string(), "country": .string(), "timeZone": .string()],
        required: ["name", "address", "country", "timeZone"])
}

struct RoomBody: APIRequestBody {
    let name: String
    let floor: String?

    static let fieldNames: Set<String> = ["name", "floor"]
    func validate() -> [FieldError] { [Validate.required(name, field: "name")].compactMap { $0 } }

    static let schema = JSONSchema.object(properties: ["name": .string(), "floor": .string()], required: ["name"])
}

struct CostCentreDTO: Content {
    let id: UUID
    let code: String
    let name: String
    let ownerId: UUID?
    let archived: Bool
    let version: Int

    init(_ centre: CostCentre) {
        archived = centre.archivedAt != nil
        id = centre.id!
        code = centre.code
        name = centre.name
        ownerId = centre.ownerID
        version = centre.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "code": .string(), "name": .string(), "ownerId": .nullable(.string(format: "uuid")),
            "archived": .boolean, "version": .integer(minimum: 1),
        ], required: ["id", "code", "name", "archived", "version"])
}

struct CostCentreBody: APIRequestBody {
    let code: String
    let name: String
    let ownerId: UUID?

    static let fieldNames: Set<String> = ["code", "name", "ownerId"]
    func validate() -> [FieldError] { input.validate() }
    var input: StructureService.CostCentreInput { .init(code: code, name: name, ownerID: ownerId) }

    static let schema = JSONSchema.object(
        properties: ["code": .string(), "name": .string(), "ownerId": .nullable(.string(format: "uuid"))], required: ["code", "name"])
}
