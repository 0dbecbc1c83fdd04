import Domain
import Foundation
import Vapor

struct SightingsBody: APIRequestBody {
    let tags: [String]
    let siteId: UUID?
    let note: String?

    static let fieldNames: Set<String> = ["tags", "siteId", "note"]
    func validate() -> [FieldError] { [] }  // Stocktake.record.
    static let schema = JSONSchema.object(
        properties: ["tags": .array(.string()), "siteId": .nullable(.string(format: "uuid")), "note": .string()], required: ["tags"])
}

struct SightingsDTO: Vapor.Content {
    let seen: [String]
    let unknown: [String]
    let elsewhere: [String]
    static let schema = JSONSchema.object(
        properties: ["seen": .array(.string()), "unknown": .array(.string()), "elsewhere": .array(.string())],
        required: ["seen", "unknown", "elsewhere"])
}

struct UnseenAssetsDTO: Vapor.Content {
    struct Item: Vapor.Content {
        let id: UUID
        let tag: String
        let status: AssetStatus
        let siteId: UUID?
        let lastSeenAt: Date?
    }

    let items: [Item]
    let total: Int
    static let schema = JSONSchema.object(
        properties: [
            "items": .array(
                .object(
                    properties: [
                        "id": .string(format: "uuid"), "tag": .string(),
                        "status": .string(enumeration: AssetStatus.allCases.map(\.rawValue)),
                        "siteId": .nullable(.string(format: "uuid")), "lastSeenAt": .nullable(.string(format: "date-time")),
                    ], required: ["id", "tag", "status"])), "total": .integer(minimum: 0),
        ], required: ["items", "total"])
}
