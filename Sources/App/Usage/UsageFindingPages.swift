import Domain
import Foundation
import Vapor

/// `/usage/findings`, `/usage/reidentifications` and `/usage/rules`, with their API: acceptable-use findings under
/// pseudonyms, re-identification with four eyes, and the rules.
struct UsageFindingPages: Sendable {
    // MARK: Findings

    struct FindingRow: Encodable {
        let id: UUID
        let href: String
        let day: String
        let rule: String
        let kind: String
        let pseudonym: String
        let value: String
        let status: String?
    }

    static func value(_ finding: UsageReidentification.Finding, _ req: Request) -> String {
        let localizer = req.services.localizer
        return finding.kind == .dailyVolume
            ? localizer.bytes(finding.value, req.language) : localizer.number(Int(finding.value), req.language)
    }

    static func row(_ finding: UsageReidentification.Finding, mine: [UsageReidentification.Record], _ req: Request) -> FindingRow {
        let localizer = req.services.localizer
        let latest = mine.first { $0.findingID == finding.id }
        return FindingRow(
            id: finding.id, href: Paths.usageFinding.path(finding.id),
            day: CalendarDate(finding.day).map { localizer.date($0, req.language) } ?? finding.day, rule: finding.ruleName,
            kind: req.t(finding.kind.labelKey), pseudonym: finding.subject, value: value(finding, req),
            status: latest.map { req.t($0.status.labelKey) })
    }

    struct ListContent: Encodable {
        let rows: [FindingRow]
        let collecting: Bool
        let canDecide: Bool
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let findings = try await UsageReidentification.findings(on: req.db)
        let viewer = req.principal?.userID.uuidString ?? ""
        let mine = try await UsageReidentification.records(findings: findings.map(\.id), on: req.db).filter { $0.requestedBy == viewer }
        let policy = try await UsageSettings.current(on: req.db).policy
        return try await req.page(
            "usage/findings", titleKey: "usage.findings.title",
            ListContent(
                rows: findings.map { Self.row($0, mine: mine, req) }, collecting: policy.switches.effective.findings,
                canDecide: req.may(.decideReidentification), canManage: req.may(.manageUsage)))
    }

    struct DetailContent: Encodable {
        struct Request: Encodable {
            let requester: String
            let reason: String
            let requested: String
            let status: String
            let decider: String?
            let note: String?
            let expires: String?
        }

        let finding: FindingRow
        let person: String?
        let personDepartment: String?
        let openUntil: String?
        let canRequest: Bool
        let pending: Bool
        let requests: [Request]
        let errors: [String: String]
        let minimumReason: Int
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req)
    }

    private func detailPage(_ req: Request, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let id = try req.requireID()
        guard let finding = try await UsageReidentification.findings(ids: [id], on: req.db).first else { throw AppError.notFound }
        let time = { (date: Date) in req.dateTime(date) }
        let viewer = req.principal?.userID.uuidString ?? ""
        let records = try await UsageReidentification.records(findings: [id], on: req.db)
        let person = try await UsageReidentification.reveal(finding: id, actor: req.auditActor, app: req.application)
        var department: String?
        if let departmentID = person?.departmentID { department = try await Department.find(departmentID, on: req.db)?.name }
        let open = records.first { $0.state.isOpen(to: viewer, at: req.now) }
        return try await req.page(
            "usage/finding", titleKey: "usage.findings.title",
            DetailContent(
                finding: Self.row(finding, mine: records.filter { $0.requestedBy == viewer }, req), person: person?.fullName,
                personDepartment: department, openUntil: open?.expiresAt.map(time), canRequest: req.may(.requestReidentification),
                pending: records.contains { $0.requestedBy == viewer && $0.status == .pending },
                requests: records.map {
                    .init(
                        requester: $0.requesterLabel, reason: $0.reason, requested: time($0.requestedAt), status: req.t($0.status.labelKey),
                        decider: $0.deciderLabel, note: $0.decisionNote, expires: $0.expiresAt.map(time))
                }, errors: req.fieldMessages(errors), minimumReason: Reidentification.minimumReasonLength), status: status)
    }

    func requestReidentification(_ req: Request) async throws -> Response {
        struct Form: Content { var reason: String }
        let id = try req.requireID()
        let form = try req.content.decode(Form.self)
        return try await req.submit {
            _ = try await UsageReidentification.request(finding: id, reason: form.reason, actor: req.auditActor, app: req.application)
            return req.redirect(to: Paths.usageFinding.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, errors: failure, status: .unprocessableEntity)
        }
    }

    func rulesPage(_ req: Request, form: UsageRuleBody, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws
        -> Response
    {
        let localizer = req.services.localizer
        return try await req.page(
            "usage/rules", titleKey: "usage.rules.title",
            RulesContent(
                rows: try await UsageFindings.rules(on: req.db).map { rule in
                    .init(
                        id: rule.id, name: rule.name, kind: req.t(rule.rule.kind.labelKey),
                        category: rule.rule.category.map { Self.categoryLabel($0, req) } ?? "–",
                        threshold: rule.rule.threshold.map {
                            rule.rule.kind == .dailyVolume ? localizer.bytes($0, req.language) : localizer.number(Int($0), req.language)
                        } ?? "–")
                },
                kinds: UsageRule.Kind.allCases.map { .init(value: $0.rawValue, labelKey: $0.labelKey, selected: $0.rawValue == form.kind) },
                categories: try await UsageFindings.categoryNames(on: req.db).map {
                    Choice(value: $0, label: Self.categoryLabel($0, req), selected: $0 == form.category)
                }.sorted { $0.label.naturallyPrecedes($1.label) }, form: form, errors: req.fieldMessages(errors)),
            status: status)
    }

}
