import Domain
import Fluent
import Foundation
import SQLKit
import UsageCounting
import Vapor

/// `/usage/settings` and `/api/v1/usage/settings`: what is collected and how long it is kept. `/usage/sources` and
/// `/api/v1/usage/sources`: the logs read so far, when, how many lines, and what went wrong.
struct UsageAdminPages: Sendable {
    // MARK: Settings

    /// The form's and the API's fields; the form sends switches as checkboxes (absent = off).
    struct SettingsBody: APIRequestBody, Content {
        var collectWeb: Bool?
        var collectWebDomains: Bool?
        var collectWebHours: Bool?
        var collectMail: Bool?
        var collectFindings: Bool?
        var retentionDays: Int?
        var minimumGroupSize: Int?
        var rawBufferDays: Int?
        var reidentificationDays: Int?
        var notifyEmployee: Bool?
        var largeMailBytes: Int64?
        var workdayStartHour: Int?
        var workdayEndHour: Int?

        static let fieldNames: Set<String> = [
            "collectWeb", "collectWebDomains", "collectWebHours", "collectMail", "collectFindings", "retentionDays", "minimumGroupSize",
            "rawBufferDays", "reidentificationDays", "notifyEmployee", "largeMailBytes", "workdayStartHour", "workdayEndHour",
        ]

        func validate() -> [FieldError] { [] }  // UsagePolicy.validate is the one place for these rules.

        /// The policy with every given field applied to `policy`.
        func applied(to policy: UsagePolicy) -> UsagePolicy {
            var policy = policy
            policy.switches.web = collectWeb ?? policy.switches.web
            policy.switches.webDomains = collectWebDomains ?? policy.switches.webDomains
            policy.switches.webHours = collectWebHours ?? policy.switches.webHours
            policy.switches.mail = collectMail ?? policy.switches.mail
            policy.switches.findings = collectFindings ?? policy.switches.findings
            policy.retentionDays = retentionDays ?? policy.retentionDays
            policy.minimumGroupSize = minimumGroupSize ?? policy.minimumGroupSize
            policy.rawBufferDays = rawBufferDays ?? policy.rawBufferDays
            policy.reidentificationDays = reidentificationDays ?? policy.reidentificationDays
            policy.notifyEmployee = notifyEmployee ?? policy.notifyEmployee
            policy.largeMailBytes = largeMailBytes ?? policy.largeMailBytes
            policy.workdayStartHour = workdayStartHour ?? policy.workdayStartHour
            policy.workdayEndHour = workdayEndHour ?? policy.workdayEndHour
            return policy
        }

        static let schema = JSONSchema.object(
            properties: [
                "collectWeb": .boolean, "collectWebDomains": .boolean, "collectWebHours": .boolean, "collectMail": .boolean,
                "collectFindings": .boolean,
                "retentionDays": .integer(minimum: UsagePolicy.retentionRange.lowerBound, maximum: UsagePolicy.retentionRange.upperBound),
                "minimumGroupSize": .integer(
                    minimum: UsagePolicy.groupSizeRange.lowerBound, maximum: UsagePolicy.groupSizeRange.upperBound),
                "rawBufferDays": .integer(minimum: 0, maximum: UsagePolicy.rawBufferRange.upperBound),
                "reidentificationDays": .integer(minimum: 1, maximum: UsagePolicy.reidentificationRange.upperBound),
                "notifyEmployee": .boolean, "largeMailBytes": .integer(minimum: 100_000, maximum: 1_000_000_000),
                "workdayStartHour": .integer(minimum: 0, maximum: 23), "workdayEndHour": .integer(minimum: 1, maximum: 24),
            ], required: [])
    }

    struct SettingsDTO: Content {
        let collectWeb: Bool
        let collectWebDomains: Bool
        let collectWebHours: Bool
        let collectMail: Bool
        let collectFindings: Bool
        let retentionDays: Int
        let minimumGroupSize: Int
        let rawBufferDays: Int
        let reidentificationDays: Int
        let notifyEmployee: Bool
        let largeMailBytes: Int64
        let workdayStartHour: Int
        let workdayEndHour: Int
        let version: Int

        init(_ stored: UsageSettings.Stored) {
            let policy = stored.policy
            (collectWeb, collectWebDomains, collectWebHours) = (policy.switches.web, policy.switches.webDomains, policy.switches.webHours)
            (collectMail, collectFindings) = (policy.switches.mail, policy.switches.findings)
            (retentionDays, minimumGroupSize, rawBufferDays) = (policy.retentionDays, policy.minimumGroupSize, policy.rawBufferDays)
            (reidentificationDays, notifyEmployee, largeMailBytes) = (
                policy.reidentificationDays, policy.notifyEmployee, policy.largeMailBytes
            )
            (workdayStartHour, workdayEndHour, version) = (policy.workdayStartHour, policy.workdayEndHour, stored.version)
        }

        static let schema: JSONSchema = {
            guard case .object(var properties, _) = SettingsBody.schema else { return SettingsBody.schema }
            properties["version"] = .integer(minimum: 0)
            return .object(properties: properties, required: Array(SettingsBody.fieldNames) + ["version"])
        }()
    }

    struct SettingsContent: Encodable {
        let form: SettingsDTO
        let canManage: Bool
        let errors: [String: String]
        let stale: Bool
        let maximumRetention: Int
    }

    func settings(_ req: Request) async throws -> Response {
        try await settingsPage(req, try await UsageSettings.current(on: req.db))
    }

    private func settingsPage(
        _ req: Request, _ stored: UsageSettings.Stored, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await req.page(
            "usage/settings", titleKey: "usage.settings.title",
            SettingsContent(
                form: SettingsDTO(stored), canManage: req.may(.manageUsage), errors: req.fieldMessages(errors), stale: stale,
                maximumRetention: UsagePolicy.retentionRange.upperBound), status: status)
    }

    func saveSettings(_ req: Request) async throws -> Response {
        struct Form: Content {
            var version: Int
        }
        let version = try req.content.decode(Form.self).version
        // Checkboxes are sent only when ticked: an unticked switch is off.
        var body = try req.content.decode(SettingsBody.self)
        body.collectWeb = body.collectWeb ?? false
        body.collectWebDomains = body.collectWebDomains ?? false
        body.collectWebHours = body.collectWebHours ?? false
        body.collectMail = body.collectMail ?? false
        body.collectFindings = body.collectFindings ?? false
        body.notifyEmployee = body.notifyEmployee ?? false
        let current = try await UsageSettings.current(on: req.db)
        let policy = body.applied(to: current.policy)
        do {
            _ = try await save(req, policy, version: version)
            return req.redirect(to: Paths.usageSettings.path + "?done=saved", redirectType: .normal)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            return try await settingsPage(req, try await UsageSettings.current(on: req.db), stale: true, status: .conflict)
        } catch let error as AppError where !error.fieldErrors.isEmpty {
            return try await settingsPage(
                req, UsageSettings.Stored(policy: policy, version: version), errors: ValidationFailure(error.fieldErrors),
                status: .unprocessableEntity)
        }
    }

    private func save(_ req: Request, _ policy: UsagePolicy, version: Int) async throws -> UsageSettings.Stored {
        let (actor, now) = (req.auditActor, req.now)
        return try await req.application.write { db in
            try await UsageSettings.save(policy, expectedVersion: version, actor: actor, now: now, on: db)
        }
    }

    func apiSettings(_ req: Request) async throws -> Response {
        let stored = try await UsageSettings.current(on: req.db)
        return try .json(SettingsDTO(stored), version: stored.version)
    }

    func apiUpdateSettings(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(SettingsBody.self)
        let current = try await UsageSettings.current(on: req.db)
        let saved = try await save(req, body.applied(to: current.policy), version: version)
        return try .json(SettingsDTO(saved), version: saved.version)
    }

    // MARK: Sources

    struct SourcesContent: Encodable {
        struct Row: Encodable {
            let format: String
            let name: String
            let lines: String
            let malformed: String
            let files: String
            let lastIngest: String
            let lastError: String?
            let samples: [String]
            let rawLines: String?
        }

        let rows: [Row]
    }

    func sourcesPage(_ req: Request) async throws -> Response {
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let rows = try await UsageSourceList.all(on: req.db).map { source -> SourcesContent.Row in
            let lastIngest = source.lastIngestAt.map { localizer.dateTime($0, req.language, timeZone: zone) } ?? "–"
            return SourcesContent.Row(
                format: req.t("usage.format.\(source.format)"), name: source.name, lines: localizer.number(Int(source.lines), req.language),
                malformed: localizer.number(Int(source.malformed), req.language), files: localizer.number(source.files, req.language),
                lastIngest: lastIngest, lastError: source.lastError,
                samples: source.samples,
                rawLines: source.rawLines > 0
                    ? req.t("usage.sources.raw_lines", ["count": localizer.number(source.rawLines, req.language)]) : nil)
        }
        return try await req.page("usage/sources", titleKey: "usage.sources.title", SourcesContent(rows: rows))
    }

    func apiSources(_ req: Request) async throws -> [UsageSourceDTO] {
        try await UsageSourceList.all(on: req.db)
    }

    static let docs = (
        settings: APIDoc(
            summary:
                "What usage is collected (each type off until switched on) and the privacy limits: retention, minimum group size, raw buffer, re-identification.",
            response: .ref("UsageSettings")),
        updateSettings: APIDoc(
            summary:
                "Change the usage settings (If-Match: the version). Fields left out keep their values. Retention at most 396 days (13 months); a minimum group size of at least 2.",
            requestBody: .ref("UpdateUsageSettings"), response: .ref("UsageSettings"), conditional: true),
        sources: APIDoc(
            summary:
                "The log sources read by `quartermaster ingest` or the syslog receiver: lines, malformed lines with the first few kept, files, last ingest and error.",
            response: .array(.ref("UsageSource")))
    )

    static let schemas: [String: JSONSchema] = [
        "UsageSettings": SettingsDTO.schema, "UpdateUsageSettings": SettingsBody.schema, "UsageSource": UsageSourceDTO.schema,
    ]
}
