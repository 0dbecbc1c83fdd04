import Domain
import Foundation
import Vapor

/// The refresh forecast as the JSON API shows it.
struct RefreshForecastDTO: Vapor.Content {
    struct Quarter: Vapor.Content {
        let quarter: String
        let count: Int
        let unpriced: Int
        let cost: [MoneyDTO]
    }

    struct Group: Vapor.Content {
        let name: String
        let quarters: [Quarter]
    }

    struct DueAsset: Vapor.Content {
        let id: UUID
        let tag: String
        let dueDate: String
        let reason: String
        let quarter: String
        let estimate: MoneyDTO?
    }

    let today: String
    let grouping: String
    let quarters: [String]
    let overdue: Int
    let later: Int
    let unknown: Int
    let total: [Quarter]
    let groups: [Group]
    let due: [DueAsset]

    static let schema: JSONSchema = {
        let quarter = JSONSchema.object(
            properties: [
                "quarter": .string(), "count": .integer(minimum: 0), "unpriced": .integer(minimum: 0), "cost": .array(.ref("Money")),
            ], required: ["quarter", "count", "unpriced", "cost"])
        return .object(
            properties: [
                "today": .string(format: "date"),
                "grouping": .string(enumeration: RefreshForecastService.Grouping.allCases.map(\.rawValue)),
                "quarters": .array(.string()), "overdue": .integer(minimum: 0), "later": .integer(minimum: 0),
                "unknown": .integer(minimum: 0), "total": .array(quarter),
                "groups": .array(
                    .object(properties: ["name": .string(), "quarters": .array(quarter)], required: ["name", "quarters"])),
                "due": .array(
                    .object(
                        properties: [
                            "id": .string(format: "uuid"), "tag": .string(), "dueDate": .string(format: "date"),
                            "reason": .string(enumeration: RefreshForecast.Reason.allCases.map(\.rawValue)), "quarter": .string(),
                            "estimate": .nullable(.ref("Money")),
                        ], required: ["id", "tag", "dueDate", "reason", "quarter"])),
            ],
            required: ["today", "grouping", "quarters", "overdue", "later", "unknown", "total", "groups", "due"])
    }()
}
