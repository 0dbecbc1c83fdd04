import Domain
import Fluent
import Foundation
import Vapor

/// A product's licence position as the product list, a product's page and the compliance report show it.
extension SoftwarePages {
    /// A product's position in a row: the numbers, the status and a bar of seats used, idle and missing.
    struct PositionRow: Encodable {
        struct Bar: Encodable {
            let used: Int
            let surplus: Int
            let shortfall: Int
            let label: String
        }

        let href: String
        let product: String
        let category: String
        let status: String
        let statusClass: String
        let entitled: String
        let installations: Int
        let assigned: Int
        let demand: Int
        let surplus: Int
        let shortfall: Int
        let surplusCost: String
        let shortfallCost: String
        let costPerYear: String
        let bar: Bar?

        init(_ row: SoftwareCompliance.Row, _ req: Request) {
            let p = row.position
            let money = { (amounts: [Money]) in amounts.isEmpty ? "–" : amounts.map { $0.formatted(req.language) }.joined(separator: " + ")
            }
            href = Paths.softwareProduct.path(row.product.id!)
            product = row.product.label
            category = req.t(row.product.category.labelKey)
            status = req.t(p.status.labelKey)
            statusClass = p.status.rawValue
            entitled = p.entitled.map(String.init) ?? (p.coveredBySite > 0 ? req.t("compliance.site_covered") : "–")
            (installations, assigned, demand, surplus, shortfall) = (p.installations, p.assigned, p.demand, p.surplus, p.shortfall)
            (surplusCost, shortfallCost, costPerYear) = (money(p.surplusCostPerYear), money(p.shortfallCostPerYear), money(p.costPerYear))
            let scale = max(p.entitled ?? 0, p.demand)
            if scale > 0 {
                let width = { (count: Int) in Int((Double(count) * 160 / Double(scale)).rounded()) }
                bar = Bar(
                    used: width(min(p.entitled ?? 0, p.demand)), surplus: width(p.surplus), shortfall: width(p.shortfall),
                    label: req.t(
                        "compliance.bar",
                        ["demand": String(p.demand), "entitled": p.entitled.map(String.init) ?? "0"]))
            } else {
                bar = nil
            }
        }
    }
}
