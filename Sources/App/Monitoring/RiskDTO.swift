import Domain
import Foundation
import Vapor

/// A risk as the API answers it (`GET /api/v1/risks`).
struct RiskDTO: Vapor.Content {
    let kind: String
    let title: String
    let link: String
    let at: Date
    let metric: String?
    let current: Double?
    let threshold: Int?
    let slopePerDay: Double?
    let fit: Double?
    let assetsInUse: Int?

    static let schema = JSONSchema.object(
        properties: [
            "kind": .string(enumeration: ["trend", "warranty", "end_of_life"]), "title": .string(), "link": .string(),
            "at": .string(format: "date-time"), "metric": .string(enumeration: CheckForecast.Metric.allCases.map(\.rawValue)),
            "current": .number, "threshold": .integer(), "slopePerDay": .number, "fit": .number, "assetsInUse": .integer(minimum: 1),
        ], required: ["kind", "title", "link", "at"])
}
