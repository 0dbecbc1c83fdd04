import Domain
import Fluent
import Foundation
import Vapor

/// The vendor and contract pages: vendors with their form, contracts with their terms, covered assets and the decision
/// on the coming term end.
struct ContractPages: Sendable {

    func service(_ req: Request) -> ContractService { ContractService(app: req.application, actor: req.auditActor) }

    // MARK: Contracts

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let vendor: String
            let kind: String
            let end: String
            let notice: String
            let costPerYear: String
            let decision: String
        }

        let rows: [Row]
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        let vendors = Dictionary(uniqueKeysWithValues: try await Vendor.query(on: req.db).all().map { ($0.id!, $0.name) })
        // Soonest notice deadline first; contracts without one last, by title.
        let contracts = try await Contract.query(on: req.db).all().map { contract -> (CalendarDate, Contract) in
            (contract.term?.noticeDeadline(on: today) ?? .distantFuture, contract)
        }.sorted { left, right in left.0 != right.0 ? left.0 < right.0 : left.1.title < right.1.title }.map(\.1)
        let date = { (day: CalendarDate) in req.services.localizer.date(day, req.language) }
        let rows = contracts.map { contract in
            ListContent.Row(
                href: Paths.contract.path(contract.id!), title: contract.title, vendor: vendors[contract.vendorID] ?? "",
                kind: req.t(contract.kind.labelKey), end: contract.term?.currentEnd(on: today).map(date) ?? "–",
                notice: contract.term?.noticeDeadline(on: today).map(date) ?? "–",
                costPerYear: contract.cost.map { ContractCost.perYear($0, period: contract.billingPeriod).formatted(req.language) } ?? "–",
                decision: contract.decision.flatMap(ContractDecision.init(rawValue:)).map { req.t($0.labelKey) } ?? "")
        }
        return try await req.page(
            "inventory/contracts", titleKey: "contract.title", ListContent(rows: rows, canManage: req.may(.manageInventory)))
    }
}
