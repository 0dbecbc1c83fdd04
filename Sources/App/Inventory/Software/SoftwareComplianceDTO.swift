import Domain
import Foundation
import Vapor

struct ComplianceDTO: Content {
    let productId: UUID
    let publisher: String
    let product: String
    let category: SoftwareCategory
    let status: String
    let licences: Int
    let entitled: Int?
    let installations: Int
    let coveredBySite: Int
    let assigned: Int
    let demand: Int
    let surplus: Int
    let shortfall: Int
    let surplusCostPerYear: [MoneyDTO]
    let shortfallCostPerYear: [MoneyDTO]
    let costPerYear: [MoneyDTO]

    init(_ row: SoftwareCompliance.Row) {
        let p = row.position
        (productId, publisher, product, category) = (row.product.id!, row.product.publisher, row.product.name, row.product.category)
        (status, licences, entitled, installations, coveredBySite) = (
            p.status.rawValue, p.licences, p.entitled, p.installations, p.coveredBySite
        )
        (assigned, demand, surplus, shortfall) = (p.assigned, p.demand, p.surplus, p.shortfall)
        surplusCostPerYear = p.surplusCostPerYear.map(MoneyDTO.init)
        shortfallCostPerYear = p.shortfallCostPerYear.map(MoneyDTO.init)
        costPerYear = p.costPerYear.map(MoneyDTO.init)
    }

    static let schema = JSONSchema.object(
        properties: [
            "productId": .string(format: "uuid"), "publisher": .string(), "product": .string(),
            "category": .string(enumeration: SoftwareCategory.allCases.map(\.rawValue)),
            "status": .string(enumeration: LicencePosition.Status.allCases.map(\.rawValue)), "licences": .integer(minimum: 0),
            "entitled": .nullable(.integer(minimum: 0)), "installations": .integer(minimum: 0), "coveredBySite": .integer(minimum: 0),
            "assigned": .integer(minimum: 0), "demand": .integer(minimum: 0), "surplus": .integer(minimum: 0),
            "shortfall": .integer(minimum: 0), "surplusCostPerYear": .array(.ref("Money")), "shortfallCostPerYear": .array(.ref("Money")),
            "costPerYear": .array(.ref("Money")),
        ],
        required: [
            "productId", "publisher", "product", "category", "status", "licences", "installations", "coveredBySite", "assigned", "demand",
            "surplus", "shortfall", "surplusCostPerYear", "shortfallCostPerYear", "costPerYear",
        ])
}
