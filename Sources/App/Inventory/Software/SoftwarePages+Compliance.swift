import Domain
import Fluent
import Foundation
import Vapor

/// The compliance report and its CSV.
extension SoftwarePages {
    // MARK: Compliance

    struct ComplianceContent: Encodable {
        struct Total: Encodable {
            let labelKey: String
            let value: String
        }

        let rows: [PositionRow]
        let totals: [Total]
        let canReadRecords: Bool
    }

    func compliance(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        let positions = try await SoftwareCompliance.positions(on: req.db, today: today).filter { $0.position.status != .unused }
        let money = { (amounts: [Money]) in
            let sums = LicencePosition.totals(amounts)
            return sums.isEmpty ? "–" : sums.map { $0.formatted(req.language) }.joined(separator: " + ")
        }
        let totals: [ComplianceContent.Total] = [
            .init(labelKey: "compliance.total_cost", value: money(positions.flatMap(\.position.costPerYear))),
            .init(labelKey: "compliance.total_surplus", value: money(positions.flatMap(\.position.surplusCostPerYear))),
            .init(labelKey: "compliance.total_shortfall", value: money(positions.flatMap(\.position.shortfallCostPerYear))),
            .init(
                labelKey: "compliance.products_short",
                value: String(positions.filter { [.underLicensed, .unlicensed].contains($0.position.status) }.count)),
        ]
        return try await req.page(
            "inventory/compliance", titleKey: "compliance.title",
            ComplianceContent(
                rows: positions.map { PositionRow($0, req) }, totals: totals,
                canReadRecords: req.may(.readInventory)))
    }

    func complianceExport(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        let rows = try await SoftwareCompliance.positions(on: req.db, today: today)
        let response = Response(status: .ok, body: .init(string: SoftwareCompliance.csv(rows)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"licence-compliance-\(today).csv\"")
        return response
    }
}
