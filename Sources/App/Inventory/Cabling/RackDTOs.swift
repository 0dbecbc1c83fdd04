import Domain
import Foundation
import Vapor

struct RackDTO: Content {
    struct Placement: Content {
        let id: UUID
        let assetId: UUID
        let assetTag: String
        let position: Int
        let heightU: Int
    }

    let id: UUID
    let siteId: UUID
    let roomId: UUID?
    let name: String
    let heightU: Int
    let placements: [Placement]
    let freeUnits: [Int]
    let version: Int

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "siteId": .string(format: "uuid"), "roomId": .nullable(.string(format: "uuid")),
            "name": .string(),
            "heightU": .integer(minimum: 1, maximum: 60),
            "placements": .array(
                .object(
                    properties: [
                        "id": .string(format: "uuid"), "assetId": .string(format: "uuid"), "assetTag": .string(),
                        "position": .integer(minimum: 1),
                        "heightU": .integer(minimum: 1),
                    ], required: ["id", "assetId", "assetTag", "position", "heightU"])), "freeUnits": .array(.integer(minimum: 1)),
            "version": .integer(minimum: 1),
        ], required: ["id", "siteId", "name", "heightU", "placements", "freeUnits", "version"])
}

struct RackBody: APIRequestBody {
    let siteId: UUID?
    let roomId: UUID?
    let name: String
    let heightU: Int?

    static let fieldNames: Set<String> = ["siteId", "roomId", "name", "heightU"]
    func validate() -> [FieldError] { [] }  // CablingService.RackInput.validate.
    static let schema = JSONSchema.object(
        properties: [
            "siteId": .string(format: "uuid"), "roomId": .nullable(.string(format: "uuid")), "name": .string(),
            "heightU": .integer(minimum: 1, maximum: 60),
        ], required: ["siteId", "name", "heightU"])
}

struct PlacementBody: APIRequestBody {
    let assetTag: String
    let position: Int?
    let heightU: Int?

    static let fieldNames: Set<String> = ["assetTag", "position", "heightU"]
    func validate() -> [FieldError] { [] }  // CablingService.place.
    static let schema = JSONSchema.object(
        properties: ["assetTag": .string(), "position": .integer(minimum: 1), "heightU": .integer(minimum: 1)],
        required: ["assetTag", "position", "heightU"])
}
