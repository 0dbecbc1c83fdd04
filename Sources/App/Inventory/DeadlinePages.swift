import Domain
import Fluent
import Foundation
import Vapor

/// The deadlines list: what needs a decision soon.
struct DeadlinePages: Sendable {
    struct Content: Encodable {
        struct Row: Encodable {
            let date: String
            let kind: String
            let href: String
            let subject: String
            let due: String
            let overdue: Bool
            let decision: String
        }

        let rows: [Row]
        let horizons: [Choice]
    }

    static func href(_ deadline: ContractService.Deadline) -> String {
        switch deadline.kind {
        case .warrantyEnd: Paths.hardwareAsset.path(deadline.subjectID)
        case .licenceRenewal: Paths.licence.path(deadline.subjectID)
        case .notice, .contractEnd: Paths.contract.path(deadline.subjectID)
        }
    }

    func page(_ req: Request) async throws -> Response {
        let days = try DeadlineQuery.days(req)
        let today = try await req.application.organisationToday()
        let deadlines = try await ContractService.deadlines(on: req.db, today: today, days: days)
        let number = { req.services.localizer.number($0, req.language) }
        let rows = deadlines.map { deadline in
            Content.Row(
                date: req.services.localizer.date(deadline.date, req.language), kind: req.t(deadline.kind.labelKey),
                href: Self.href(deadline),
                subject: deadline.subject,
                due: DeadlineText.due(deadline.daysLeft, language: req.language, localizer: req.services.localizer),
                overdue: deadline.daysLeft < 0, decision: deadline.decision.map { req.t($0.labelKey) } ?? "")
        }
        return try await req.page(
            "inventory/deadlines", titleKey: "deadline.title",
            Content(
                rows: rows,
                horizons: [30, 90, 180, 365].map {
                    .init(value: String($0), label: req.t("deadline.within", ["count": number($0)]), selected: $0 == days)
                }))
    }
}
