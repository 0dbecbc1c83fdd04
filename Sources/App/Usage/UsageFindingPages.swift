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
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let time = { (date: Date) in localizer.dateTime(date, req.language, timeZone: zone) }
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
        do {
            _ = try await UsageReidentification.request(finding: id, reason: form.reason, actor: req.auditActor, app: req.application)
        } catch let failure as ValidationFailure {
            return try await detailPage(req, errors: failure, status: .unprocessableEntity)
        }
        return req.redirect(to: Paths.usageFinding.path(id) + "?done=saved", redirectType: .normal)
    }

    // MARK: Decisions

    struct QueueContent: Encodable {
        struct Row: Encodable {
            let id: UUID
            let finding: FindingRow
            let requester: String
            let reason: String
            let requested: String
            let own: Bool
        }

        let rows: [Row]
        let decided: [Row]
    }

    func queue(_ req: Request) async throws -> Response {
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let all = try await UsageReidentification.records(on: req.db)
        let records = all.filter { $0.status == .pending } + all.filter { $0.status != .pending }.prefix(50)
        let findings = Dictionary(
            uniqueKeysWithValues: try await UsageReidentification.findings(ids: records.map(\.findingID), on: req.db).map { ($0.id, $0) })
        let viewer = req.principal?.userID.uuidString ?? ""
        func row(_ record: UsageReidentification.Record) -> QueueContent.Row? {
            guard let finding = findings[record.findingID] else { return nil }
            return .init(
                id: record.id, finding: Self.row(finding, mine: [record], req), requester: record.requesterLabel, reason: record.reason,
                requested: localizer.dateTime(record.requestedAt, req.language, timeZone: zone), own: record.requestedBy == viewer)
        }
        return try await req.page(
            "usage/reidentifications", titleKey: "usage.reidentify.title",
            QueueContent(
                rows: records.filter { $0.status == .pending }.compactMap(row),
                decided: records.filter { $0.status != .pending }.prefix(50).compactMap(row)))
    }

    func decide(_ req: Request) async throws -> Response {
        struct Form: Content {
            var decision: String
            var note: String?
        }
        let id = try req.requireID()
        let form = try req.content.decode(Form.self)
        do {
            try await UsageReidentification.decide(
                id, approve: form.decision == "approve", note: form.note ?? "", actor: req.auditActor, app: req.application)
        } catch let refusal as Reidentification.Refusal {
            throw refusal == .ownRequest ? AppError.ownRequest : AppError.alreadyDecided
        }
        return req.redirect(to: Paths.usageReidentifications.path + "?done=saved", redirectType: .normal)
    }

    // MARK: Rules

    struct RulesContent: Encodable {
        struct Row: Encodable {
            let id: UUID
            let name: String
            let kind: String
            let category: String
            let threshold: String
        }

        let rows: [Row]
        let kinds: [KeyedChoice]
        let categories: [Choice]
        let form: RuleBody
        let errors: [String: String]
    }

    struct RuleBody: APIRequestBody, Content {
        var name: String
        var kind: String
        var category: String?
        var threshold: Int64?

        static let fieldNames: Set<String> = ["name", "kind", "category", "threshold"]
        func validate() -> [FieldError] {
            UsageRule.Kind(rawValue: kind) == nil ? [FieldError(field: "kind", code: .invalid)] : []
        }
        var rule: UsageRule? {
            UsageRule.Kind(rawValue: kind).map {
                UsageRule(kind: $0, category: category?.isEmpty == true ? nil : category, threshold: threshold)
            }
        }

        static let schema = JSONSchema.object(
            properties: [
                "name": .string(), "kind": .string(enumeration: UsageRule.Kind.allCases.map(\.rawValue)), "category": .nullable(.string()),
                "threshold": .nullable(.integer(minimum: 1)),
            ], required: ["name", "kind"])
    }

    func rules(_ req: Request) async throws -> Response {
        try await rulesPage(req, form: RuleBody(name: "", kind: UsageRule.Kind.categoryBlocked.rawValue))
    }

    private func rulesPage(_ req: Request, form: RuleBody, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws
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

    /// A starter category in the reader's language; an imported list's own names as they are.
    static func categoryLabel(_ name: String, _ req: Request) -> String {
        UsageCategories.labelKey(name).map { req.t($0) } ?? name
    }

    func addRule(_ req: Request) async throws -> Response {
        var form = try req.content.decode(RuleBody.self)
        if form.category?.isEmpty == true { form.category = nil }
        do {
            guard let rule = form.rule else { throw ValidationFailure([FieldError(field: "kind", code: .invalid)]) }
            _ = try await UsageFindings.addRule(name: form.name, rule, actor: req.auditActor, app: req.application)
        } catch let failure as ValidationFailure {
            return try await rulesPage(req, form: form, errors: failure, status: .unprocessableEntity)
        }
        return req.redirect(to: Paths.usageRules.path + "?done=saved", redirectType: .normal)
    }

    func removeRule(_ req: Request) async throws -> Response {
        try await UsageFindings.removeRule(try req.requireID(), actor: req.auditActor, app: req.application)
        return req.redirect(to: Paths.usageRules.path + "?done=removed", redirectType: .normal)
    }
}
