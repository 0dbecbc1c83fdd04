import Domain
import Fluent
import Foundation
import Vapor

/// One contract: its terms, the assets it covers, and the decision on its coming term end.
extension ContractPages {
    struct DetailContent: Encodable {
        struct Fact: Encodable {
            let labelKey: String
            let value: String
        }

        struct Covered: Encodable {
            let href: String
            let tag: String
            let name: String
        }

        let id: String
        let title: String
        let facts: [Fact]
        let assets: [Covered]
        let canManage: Bool
        let version: Int
        let decisionFor: String?
        let decisions: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req, id: try req.requireID(), errors: nil)
    }

    private func detailPage(
        _ req: Request, id: UUID, errors: ValidationFailure?, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let contract = try await Contract.find(id, on: req.db) else { throw AppError.notFound }
        let today = try await req.application.organisationToday()
        let vendor = try await Vendor.find(contract.vendorID, on: req.db)
        let covered = try await ContractService.assets(of: id, on: req.db)
        let costCentre = try await contract.costCentreID.asyncMap { try await CostCentre.find($0, on: req.db) } ?? nil
        let term = contract.term
        let none = "–"
        let number = { req.services.localizer.number($0, req.language) }
        let notice = contract.notice.map { req.t("contract.notice_\($0.unit.rawValue)", ["count": number($0.value)]) } ?? none
        var decision = none
        if let choice = contract.decision.flatMap(ContractDecision.init(rawValue:)) {
            decision = req.t(
                "contract.decided",
                ["decision": req.t(choice.labelKey), "end": contract.decisionForEnd ?? "", "by": contract.decidedBy ?? ""])
            if let note = contract.decisionNote, !note.isEmpty { decision += " — " + note }
        }
        let facts: [DetailContent.Fact] = [
            .init(
                labelKey: "contract.vendor",
                value: vendor.map { [$0.name, $0.accountNumber].filter { !$0.isEmpty }.joined(separator: " · ") } ?? none),
            .init(labelKey: "contract.kind", value: req.t(contract.kind.labelKey)),
            .init(labelKey: "contract.reference", value: contract.reference.nilIfEmpty ?? none),
            .init(labelKey: "contract.start", value: req.date(contract.startDateText)),
            .init(labelKey: "contract.end", value: req.date(contract.endDateText)),
            .init(labelKey: "contract.notice", value: notice),
            .init(
                labelKey: "contract.renewal",
                value: contract.autoRenews
                    ? req.t("contract.renews", ["months": number(contract.renewalMonths)]) : req.t("contract.no_renewal")),
            .init(labelKey: "contract.current_end", value: term?.currentEnd(on: today)?.description ?? none),
            .init(labelKey: "contract.notice_deadline", value: term?.noticeDeadline(on: today)?.description ?? none),
            .init(
                labelKey: "contract.cost",
                value: contract.cost.map {
                    "\($0.formatted(req.language)) \(req.t(contract.billingPeriod.labelKey)) · \(req.t("contract.per_year", ["amount": ContractCost.perYear($0, period: contract.billingPeriod).formatted(req.language)]))"
                } ?? none),
            .init(labelKey: "contract.cost_centre", value: costCentre?.label ?? none),
            .init(labelKey: "contract.decision", value: decision),
            .init(labelKey: "asset.notes", value: contract.notes.nilIfEmpty ?? none),
        ]
        return try await req.page(
            "inventory/contract", titleKey: "contract.title", record: contract.title,
            DetailContent(
                id: id.uuidString, title: contract.title, facts: facts,
                assets: covered.map { .init(href: Paths.hardwareAsset.path($0.id!), tag: $0.tag, name: $0.name) },
                canManage: req.may(.manageInventory),
                version: contract.version, decisionFor: term?.endForNotice(on: today)?.description,
                decisions: ContractDecision.allCases.map {
                    .init(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == contract.decision)
                },
                errors: req.fieldMessages(errors), stale: stale),
            status: status)
    }

    struct DecisionForm: Content {
        var decision: String
        var note: String?
        var version: Int
    }

    func decide(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(DecisionForm.self)
        return try await req.submit {
            _ = try await service(req).decide(id, expectedVersion: form.version, decision: form.decision, note: form.note ?? "")
            return req.redirect(to: Paths.contract.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await detailPage(req, id: id, errors: nil, stale: true, status: .conflict)
        }
    }
}
