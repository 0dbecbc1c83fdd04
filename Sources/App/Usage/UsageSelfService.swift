import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// What employees see of usage monitoring: `/usage/about`, the page that says what is collected and why, generated from
/// the settings; and `/usage/mine` with `GET /api/v1/usage/mine`, their own usage data (GDPR Art. 15), found by
/// computing their pseudonym under each period's key.
struct UsageSelfService: Sendable {
    // MARK: Own data

    struct WebDayDTO: Content {
        let day: String
        let domain: String
        let requests: Int64
        let bytes: Int64
        let denied: Int64
    }

    struct MailDayDTO: Content {
        let day: String
        let sent: Int64
        let received: Int64
        let sentBytes: Int64
        let receivedBytes: Int64
        let internalRecipients: Int64
        let externalRecipients: Int64
        let largestBytes: Int64
    }

    struct ReidentifiedDTO: Content {
        let day: String
        let rule: String
        let requester: String
        let reason: String
        let decider: String
        let decidedAt: Date
    }

    struct MineDTO: Content {
        /// The pseudonyms the person's data is stored under, one per key period.
        let pseudonyms: [String]
        let web: [WebDayDTO]
        let mail: [MailDayDTO]
        /// Findings about the person that someone was allowed to re-identify: by whom, why, approved by whom.
        var reidentified: [ReidentifiedDTO] = []

        static let schema = JSONSchema.object(
            properties: [
                "pseudonyms": .array(.string()),
                "web": .array(
                    .object(
                        properties: [
                            "day": .string(format: "date"), "domain": .string(), "requests": .integer(minimum: 0),
                            "bytes": .integer(minimum: 0),
                            "denied": .integer(minimum: 0),
                        ], required: ["day", "domain", "requests", "bytes", "denied"])),
                "mail": .array(
                    .object(
                        properties: [
                            "day": .string(format: "date"), "sent": .integer(minimum: 0), "received": .integer(minimum: 0),
                            "sentBytes": .integer(minimum: 0), "receivedBytes": .integer(minimum: 0),
                            "internalRecipients": .integer(minimum: 0),
                            "externalRecipients": .integer(minimum: 0), "largestBytes": .integer(minimum: 0),
                        ],
                        required: [
                            "day", "sent", "received", "sentBytes", "receivedBytes", "internalRecipients", "externalRecipients",
                            "largestBytes",
                        ])),
                "reidentified": .array(
                    .object(
                        properties: [
                            "day": .string(format: "date"), "rule": .string(), "requester": .string(), "reason": .string(),
                            "decider": .string(),
                            "decidedAt": .string(format: "date-time"),
                        ], required: ["day", "rule", "requester", "reason", "decider", "decidedAt"])),
            ], required: ["pseudonyms", "web", "mail", "reidentified"])
    }

    /// Everything stored about one person, newest first.
    static func data(of employee: UUID, box: SecretBox, on db: any Database) async throws -> MineDTO {
        let keys = try await PseudonymKeys.load(box: box, on: db)
        let pseudonyms = keys.periods.indices.map { keys.pseudonym(of: employee, inPeriod: $0) }
        guard !pseudonyms.isEmpty else { return MineDTO(pseudonyms: [], web: [], mail: []) }
        let sql = db.sql
        let web = try await sql.select().columns("day", "domain", "requests", "bytes", "denied").from("usage_web_days")
            .where("subject", .in, SQLBind.group(pseudonyms)).orderBy("day", .descending).orderBy("domain").all().map { row in
                WebDayDTO(
                    day: try row.decode(column: "day", as: String.self), domain: try row.decode(column: "domain", as: String.self),
                    requests: try row.decode(column: "requests", as: Int64.self), bytes: try row.decode(column: "bytes", as: Int64.self),
                    denied: try row.decode(column: "denied", as: Int64.self))
            }
        let mail = try await sql.select()
            .columns(
                "day", "sent", "received", "sent_bytes", "received_bytes", "internal_recipients", "external_recipients", "largest_bytes"
            )
            .from("usage_mail_days").where("subject", .in, SQLBind.group(pseudonyms)).orderBy("day", .descending).all().map { row in
                MailDayDTO(
                    day: try row.decode(column: "day", as: String.self), sent: try row.decode(column: "sent", as: Int64.self),
                    received: try row.decode(column: "received", as: Int64.self),
                    sentBytes: try row.decode(column: "sent_bytes", as: Int64.self),
                    receivedBytes: try row.decode(column: "received_bytes", as: Int64.self),
                    internalRecipients: try row.decode(column: "internal_recipients", as: Int64.self),
                    externalRecipients: try row.decode(column: "external_recipients", as: Int64.self),
                    largestBytes: try row.decode(column: "largest_bytes", as: Int64.self))
            }
        let used = Set(web.map(\.day) + mail.map(\.day))
        let periodsUsed = keys.periods.indices.filter { index in
            used.contains { day in
                guard let number = CalendarDate(day)?.daysSince1970 else { return false }
                return keys.period(of: number) == index
            }
        }
        let approved = try await UsageReidentification.records(status: .approved, employee: employee, on: db)
        let findings = Dictionary(
            uniqueKeysWithValues: try await UsageReidentification.findings(ids: approved.map(\.findingID), on: db).map { ($0.id, $0) })
        let reidentified = approved.compactMap { record in
            findings[record.findingID].map {
                ReidentifiedDTO(
                    day: $0.day, rule: $0.ruleName, requester: record.requesterLabel, reason: record.reason,
                    decider: record.deciderLabel ?? "",
                    decidedAt: record.decidedAt ?? record.requestedAt)
            }
        }
        return MineDTO(pseudonyms: periodsUsed.map { pseudonyms[$0] }, web: web, mail: mail, reidentified: reidentified)
    }

    func apiMine(_ req: Request) async throws -> MineDTO {
        guard let employee = try await req.signedInEmployee() else { return MineDTO(pseudonyms: [], web: [], mail: []) }
        return try await Self.data(of: employee.id!, box: req.services.secretBox, on: req.db)
    }

    struct MineContent: Encodable {
        struct WebRow: Encodable {
            let day: String
            let domain: String
            let requests: String
            let volume: String
            let denied: String
        }

        struct MailRow: Encodable {
            let day: String
            let sent: String
            let received: String
            let external: String
            let largest: String
        }

        let linked: Bool
        let pseudonyms: [String]
        let web: [WebRow]
        let mail: [MailRow]
        var reidentified: [String] = []
    }

    func mine(_ req: Request) async throws -> Response {
        let localizer = req.services.localizer
        let language = req.language
        let number = { (value: Int64) in localizer.number(Int(value), language) }
        let day = { (text: String) in CalendarDate(text).map { localizer.date($0, language) } ?? text }
        guard let employee = try await req.signedInEmployee() else {
            return try await req.page(
                "usage/mine", titleKey: "usage.mine.title", MineContent(linked: false, pseudonyms: [], web: [], mail: []))
        }
        let data = try await Self.data(of: employee.id!, box: req.services.secretBox, on: req.db)
        return try await req.page(
            "usage/mine", titleKey: "usage.mine.title",
            MineContent(
                linked: true, pseudonyms: data.pseudonyms,
                web: data.web.map {
                    .init(
                        day: day($0.day), domain: $0.domain.isEmpty ? "–" : $0.domain, requests: number($0.requests),
                        volume: localizer.bytes($0.bytes, language), denied: number($0.denied))
                },
                mail: data.mail.map {
                    .init(
                        day: day($0.day), sent: number($0.sent), received: number($0.received), external: number($0.externalRecipients),
                        largest: localizer.bytes($0.largestBytes, language))
                },
                reidentified: data.reidentified.map {
                    req.t(
                        "usage.mine.reidentified_line",
                        ["day": day($0.day), "rule": $0.rule, "requester": $0.requester, "reason": $0.reason, "decider": $0.decider])
                }))
    }

    static let mineDoc = APIDoc(
        summary:
            "The signed-in employee's own usage data, everything stored under their pseudonyms (GDPR Art. 15): internet use per day and domain, mail per day. Empty for an account not linked to an employee.",
        response: .ref("UsageMine"))

    // MARK: Transparency

    struct AboutContent: Encodable {
        struct Item: Encodable {
            let label: String
            let on: Bool
        }

        let collected: [Item]
        let retention: String
        let minimum: String
        let reidentificationDays: String
        let notifyEmployee: Bool
        let readers: [String]
        let managers: [String]
        let rawBuffer: String?
        let workday: String
    }

    func about(_ req: Request) async throws -> Response {
        let policy = try await UsageSettings.current(on: req.db).policy
        let localizer = req.services.localizer
        let switches = policy.switches.effective
        let roles = { (action: Domain.Action) in
            req.services.permissions.roles(allowedTo: action).filter { $0 != .administrator }.map { req.t($0.labelKey) }
        }
        return try await req.page(
            "usage/about", titleKey: "usage.about.title",
            AboutContent(
                collected: [
                    .init(label: req.t("usage.switch.web"), on: switches.web),
                    .init(label: req.t("usage.switch.web_domains"), on: switches.webDomains),
                    .init(label: req.t("usage.switch.web_hours"), on: switches.webHours),
                    .init(label: req.t("usage.switch.mail"), on: switches.mail),
                    .init(label: req.t("usage.switch.findings"), on: switches.findings),
                ],
                retention: localizer.number(policy.retentionDays, req.language),
                minimum: localizer.number(policy.minimumGroupSize, req.language),
                reidentificationDays: localizer.number(policy.reidentificationDays, req.language), notifyEmployee: policy.notifyEmployee,
                readers: roles(.readUsageReports), managers: roles(.manageUsage),
                rawBuffer: policy.rawBufferDays > 0 ? localizer.number(policy.rawBufferDays, req.language) : nil,
                workday: String(format: "%02d:00–%02d:00", policy.workdayStartHour, policy.workdayEndHour)))
    }
}

/// A starter for the data-protection impact assessment (GDPR Art. 35), written from the current settings in the reader's
/// language as Markdown: what is processed, why, on what basis, for whom, how long, the risks and the measures taken.
/// The organisation completes and signs it; Quartermaster keeps it true to what the software actually does.
enum UsageDPIA {
    static func markdown(policy: UsagePolicy, organisation: String, permissions: PermissionTable, language: Language, localizer: Localizer)
        -> String
    {
        let t = { (key: String, arguments: [String: String]) in localizer.text(key, language, arguments) }
        let switches = policy.switches.effective
        let collected = [
            (switches.web, "usage.switch.web"), (switches.webDomains, "usage.switch.web_domains"),
            (switches.webHours, "usage.switch.web_hours"),
            (switches.mail, "usage.switch.mail"), (switches.findings, "usage.switch.findings"),
        ]
        let roles = { (action: Domain.Action) in
            permissions.roles(allowedTo: action).map { t($0.labelKey, [:]) }.joined(separator: ", ")
        }
        var lines = ["# " + t("usage.dpia.title", ["organisation": organisation]), "", t("usage.dpia.intro", [:]), ""]
        lines += ["## " + t("usage.dpia.processing", [:]), ""]
        for (on, key) in collected {
            lines.append("- \(t(key, [:])): \(t(on ? "usage.about.on" : "usage.about.off", [:]))")
        }
        lines += ["", t("usage.about.never", [:]), ""]
        lines += [
            "## " + t("usage.about.purposes", [:]), "", "- " + t("usage.about.purpose_capacity", [:]),
            "- " + t("usage.about.purpose_security", [:]), "- " + t("usage.about.purpose_rules", [:]), "",
        ]
        lines += ["## " + t("usage.dpia.basis", [:]), "", t("usage.dpia.basis_text", [:]), ""]
        lines += [
            "## " + t("usage.about.who", [:]), "", "- " + t("usage.about.readers", [:]) + " " + roles(.readUsageReports),
            "- " + t("usage.about.managers", [:]) + " " + roles(.manageUsage),
            "- " + t("usage.dpia.findings_readers", [:]) + " " + roles(.readUsageFindings),
            "- " + t("usage.dpia.deciders", [:]) + " " + roles(.decideReidentification), "",
        ]
        lines += [
            "## " + t("usage.dpia.retention", [:]), "", "- " + t("usage.about.retention", ["days": String(policy.retentionDays)]),
            "- "
                + (policy.rawBufferDays > 0
                    ? t("usage.about.raw_buffer", ["days": String(policy.rawBufferDays)]) : t("usage.about.no_raw_buffer", [:])),
            "",
        ]
        lines += [
            "## " + t("usage.dpia.measures", [:]), "", "- " + t("usage.about.pseudonyms", [:]),
            "- " + t("usage.about.minimum", ["count": String(policy.minimumGroupSize)]),
            "- " + t("usage.about.four_eyes", ["days": String(policy.reidentificationDays)])
                + (policy.notifyEmployee ? " " + t("usage.about.notified", [:]) : ""),
            "- " + t("usage.dpia.audit", [:]), "- " + t("usage.dpia.off_by_default", [:]), "",
        ]
        lines += ["## " + t("usage.dpia.risks", [:]), "", t("usage.dpia.risks_text", [:]), ""]
        lines += ["## " + t("usage.about.rights", [:]), "", t("usage.about.rights_text", [:]) + " /usage/mine", ""]
        lines += ["## " + t("usage.dpia.sign_off", [:]), "", t("usage.dpia.sign_off_text", [:]), ""]
        return lines.joined(separator: "\n")
    }

    static func page(_ req: Request) async throws -> Response {
        let policy = try await UsageSettings.current(on: req.db).policy
        let organisation = try await OrganisationSettings.current(on: req.db).name
        let text = markdown(
            policy: policy, organisation: organisation, permissions: req.services.permissions, language: req.language,
            localizer: req.services.localizer)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "markdown", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "dpia-usage.md")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}
