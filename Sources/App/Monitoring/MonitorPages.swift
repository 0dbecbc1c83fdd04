import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The monitoring pages: the check list with its status summary, a check with its chart, results and alerts, the
/// check form, the alerts grouped per asset with their timelines, and the maintenance windows.
struct MonitorPages: Sendable {
    typealias Choice = EmployeePages.Choice

    private func service(_ req: Request) -> CheckService { CheckService(app: req.application, actor: req.auditActor) }

    struct StatusBadge: Encodable {
        let status: String
        let label: String
    }

    static func badge(_ status: CheckStatus, _ req: Request) -> StatusBadge {
        StatusBadge(status: status.rawValue, label: req.t(status.labelKey))
    }

    // MARK: List

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let name: String
            let subject: String
            let subjectHref: String?
            let kind: String
            let target: String
            let badge: StatusBadge
            let soft: Bool
            let flags: [String]
            let response: String
            let since: String
        }

        struct Count: Encodable {
            let badge: StatusBadge
            let count: String
            let href: String
        }

        let rows: [Row]
        let counts: [Count]
        let query: String
        let kinds: [Choice]
        let statuses: [Choice]
        let total: String
        let previous: String?
        let next: String?
        let canManage: Bool
    }

    static let pageSize = 100

    func list(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var q: String?
            var status: String?
            var kind: String?
            var offset: Int?
        }
        let filters = try req.query.decode(Filters.self)
        let status = filters.status.flatMap(CheckStatus.init)
        let kind = filters.kind.flatMap(CheckKind.init)?.rawValue
        let offset = max(0, filters.offset ?? 0)
        let (checks, states, total) = try await MonitorViews.checkPage(
            on: req.db, assetID: nil, status: status, kind: kind, text: filters.q, limit: Self.pageSize, offset: offset)
        let assets = try await Self.assets(of: checks, on: req.db)
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let rows = checks.map { check in
            let state = states[check.id!]
            let asset = check.assetID.flatMap { assets[$0] }
            var flags: [String] = []
            if state?.acknowledged == true { flags.append(req.t("check.flag.acknowledged")) }
            if state?.flapping == true { flags.append(req.t("check.flag.flapping")) }
            if state?.unreachable == true { flags.append(req.t("check.flag.unreachable")) }
            if !check.enabled { flags.append(req.t("check.flag.disabled")) }
            return ListContent.Row(
                href: Paths.check.path(check.id!), name: check.name, subject: AlertRouter.subject(of: check, asset: asset),
                subjectHref: asset.map { Paths.hardwareAsset.path($0.id!) }, kind: req.t(check.kind.labelKey), target: check.target,
                badge: Self.badge(state?.lastResultAt == nil ? .unknown : state?.status ?? .unknown, req),
                soft: state?.stateTypeRaw == CheckStateType.soft.rawValue, flags: flags,
                response: state?.lastMilliseconds.map { req.t("check.ms", ["ms": localizer.number($0, req.language)]) } ?? "–",
                since: state?.hardSince.map { localizer.dateTime($0, req.language, timeZone: zone) } ?? "–")
        }
        let counts = try await MonitorViews.statusCounts(on: req.db)
        func link(offset: Int) -> String {
            var items = [URLQueryItem(name: "offset", value: String(offset))]
            if let q = filters.q, !q.isEmpty { items.append(URLQueryItem(name: "q", value: q)) }
            if let status { items.append(URLQueryItem(name: "status", value: status.rawValue)) }
            if let kind { items.append(URLQueryItem(name: "kind", value: kind)) }
            var components = URLComponents()
            (components.path, components.queryItems) = (Paths.checks.path, items)
            return components.string ?? Paths.checks.path
        }
        let content = ListContent(
            rows: rows,
            counts: [CheckStatus.critical, .warning, .unknown, .ok].map {
                .init(
                    badge: Self.badge($0, req), count: localizer.number(counts[$0] ?? 0, req.language),
                    href: Paths.checks.path + "?status=\($0.rawValue)")
            },
            query: filters.q ?? "",
            kinds: [Choice(value: "", label: req.t("check.kind.any"), selected: kind == nil)]
                + CheckKind.allCases.map { Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == kind) },
            statuses: [Choice(value: "", label: req.t("check.status.any"), selected: status == nil)]
                + CheckStatus.allCases.map { Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0 == status) },
            total: localizer.number(total, req.language),
            previous: offset > 0 ? link(offset: max(0, offset - Self.pageSize)) : nil,
            next: offset + checks.count < total ? link(offset: offset + Self.pageSize) : nil, canManage: req.may(.manageMonitoring))
        return try await req.page("monitoring/checks", titleKey: "check.title", content)
    }

    static func assets(of checks: [Check], on db: any Database) async throws -> [UUID: Asset] {
        let ids = Set(checks.compactMap(\.assetID))
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await Asset.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
    }

    // MARK: Detail

    struct DetailContent: Encodable {
        struct Fact: Encodable {
            let label: String
            let value: String
            let href: String?
        }

        struct ResultRow: Encodable {
            let at: String
            let badge: StatusBadge
            let response: String
            let found: String
        }

        struct AlertRow: Encodable {
            let href: String
            let badge: StatusBadge
            let opened: String
            let closed: String
            let duration: String
        }

        let id: String
        let name: String
        let badge: StatusBadge
        let stateLine: String
        let facts: [Fact]
        let chart: ResponseChart
        let chartLabel: String
        let results: [ResultRow]
        let alerts: [AlertRow]
        let heartbeatURL: String?
        let canManage: Bool
        let version: Int
    }

    func detail(_ req: Request) async throws -> Response {
        guard let check = try await Check.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let id = check.id!
        let state = try await CheckStateRecord.find(id, on: req.db)
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let time = { (date: Date) in localizer.dateTime(date, req.language, timeZone: zone) }
        let number = { (value: Int) in localizer.number(value, req.language) }
        let asset = try await check.assetID.asyncMap { try await Asset.find($0, on: req.db) } ?? nil
        let parent = try await check.parentID.asyncMap { try await Check.find($0, on: req.db) } ?? nil
        let none = "–"
        let settings = check.settings
        var facts: [DetailContent.Fact] = [
            .init(label: req.t("check.kind"), value: req.t(check.kind.labelKey), href: nil),
            .init(
                label: req.t(check.assetID == nil ? "check.service" : "check.asset"), value: AlertRouter.subject(of: check, asset: asset),
                href: asset.map { Paths.hardwareAsset.path($0.id!) }),
        ]
        if check.kind != .heartbeat {
            facts.append(.init(label: req.t("check.target"), value: check.target, href: nil))
            if let port = check.definition.effectivePort { facts.append(.init(label: req.t("check.port"), value: String(port), href: nil)) }
        }
        facts.append(
            .init(
                label: req.t(check.kind == .heartbeat ? "check.period" : "check.interval"),
                value: MonitorFormat.duration(TimeInterval(check.intervalSeconds), req.language, localizer), href: nil))
        if check.kind == .heartbeat {
            facts.append(
                .init(
                    label: req.t("check.grace"),
                    value: MonitorFormat.duration(TimeInterval(settings.graceSeconds ?? 0), req.language, localizer), href: nil))
            facts.append(.init(label: req.t("check.last_call"), value: state?.lastCallAt.map(time) ?? none, href: nil))
        } else {
            facts.append(
                .init(label: req.t("check.timeout"), value: req.t("check.seconds", ["seconds": number(check.timeoutSeconds)]), href: nil))
        }
        facts.append(
            .init(
                label: req.t("check.policy"),
                value: req.t(
                    "check.policy_value", ["problems": number(check.problemsBeforeHard), "successes": number(check.successesToRecover)]),
                href: nil))
        if check.kind.thresholdUnit != .none {
            let unit = req.t("check.unit.\(check.kind.thresholdUnit.rawValue)")
            facts.append(
                .init(
                    label: req.t("check.thresholds"),
                    value: req.t(
                        "check.thresholds_value",
                        ["warning": check.warning.map(number) ?? none, "critical": check.critical.map(number) ?? none, "unit": unit]),
                    href: nil))
        }
        for (key, value) in Self.settingFacts(settings, kind: check.kind) {
            facts.append(.init(label: req.t("check.setting.\(key)"), value: value, href: nil))
        }
        facts.append(.init(label: req.t("check.parent"), value: parent?.name ?? none, href: parent.map { Paths.check.path($0.id!) }))
        facts.append(
            .init(
                label: req.t("check.escalation"),
                value: check.escalateAfterMinutes.map { req.t("check.escalate_after", ["minutes": number($0)]) } ?? none, href: nil))

        let end = req.now
        let start = end.addingTimeInterval(-86400)
        let recent = try await MonitorViews.results(of: id, since: start, on: req.db)
        let chart = ResponseChart(recent, from: start, to: end, label: time, number: number)
        let (latest, _) = try await MonitorViews.results(of: id, limit: 20, offset: 0, on: req.db)
        let found = { (result: CheckResultDTO) -> String in
            let problem = result.problem.flatMap(ProbeResult.Problem.init(rawValue:)).map { req.t($0.labelKey) }
            return [problem, result.detail.isEmpty ? nil : result.detail].compactMap { $0 }.joined(separator: " — ")
        }
        let alerts = try await Alert.query(on: req.db).filter(\.$checkID == id).sort(\.$openedAt, .descending).limit(10).all()
        var stateLine = req.t("check.never_ran")
        if let state, let last = state.lastResultAt {
            stateLine = req.t(
                state.stateTypeRaw == CheckStateType.soft.rawValue ? "check.state_soft" : "check.state_hard",
                ["status": req.t(state.status.labelKey), "time": time(last)])
        }
        var heartbeatURL: String?
        if check.kind == .heartbeat, req.may(.manageMonitoring), let token = service(req).token(of: check) {
            heartbeatURL = try await MonitorViews.heartbeatURL(token, req)
        }
        let content = DetailContent(
            id: id.uuidString, name: check.name,
            badge: Self.badge(state?.lastResultAt == nil ? .unknown : state?.status ?? .unknown, req), stateLine: stateLine, facts: facts,
            chart: chart, chartLabel: req.t("check.chart_label"),
            results: latest.map {
                .init(
                    at: time($0.at), badge: Self.badge($0.status, req),
                    response: $0.responseMs.map { req.t("check.ms", ["ms": number($0)]) } ?? none, found: found($0))
            },
            alerts: alerts.map { alert in
                .init(
                    href: Paths.alert.path(alert.id!), badge: Self.badge(alert.status, req), opened: time(alert.openedAt),
                    closed: alert.closedAt.map(time) ?? req.t("alert.open"),
                    duration: MonitorFormat.duration((alert.closedAt ?? end).timeIntervalSince(alert.openedAt), req.language, localizer))
            },
            heartbeatURL: heartbeatURL, canManage: req.may(.manageMonitoring), version: check.version)
        return try await req.page("monitoring/check", titleKey: "check.title", content)
    }

    /// The settings a kind uses, as label keys and shown values.
    static func settingFacts(_ settings: CheckSettings, kind: CheckKind) -> [(String, String)] {
        var facts: [(String, String?)] = []
        switch kind {
        case .tcp: facts = [("banner", settings.banner)]
        case .http:
            facts = [
                ("method", settings.method), ("statuses", settings.statuses), ("bodyContains", settings.bodyContains),
                ("bodyExcludes", settings.bodyExcludes), ("followRedirects", settings.followRedirects.map { $0 ? "✓" : "✗" }),
                ("verifyCertificate", settings.verifyCertificate.map { $0 ? "✓" : "✗" }),
            ]
        case .tls: facts = [("serverName", settings.serverName)]
        case .dns: facts = [("recordType", settings.recordType), ("resolver", settings.resolver), ("expected", settings.expected)]
        case .snmp:
            facts = [
                ("community", settings.community.map { _ in "••••" }), ("oids", settings.oids?.joined(separator: ", ")),
                ("expected", settings.expected),
            ]
        case .icmp, .heartbeat: facts = []
        }
        return facts.compactMap { key, value in value.map { (key, $0) } }
    }

    // MARK: Form

    struct FormField: Encodable {
        let name: String
        let label: String
        let type: String
        let value: String
        let checked: Bool
        let options: [Choice]
        let error: String?
        let hint: String?
        /// The kinds the field belongs to, space-separated; empty: every kind.
        var kinds = ""
        /// A text area's height in lines.
        var rows: Int? = nil
    }

    struct FormContent: Encodable {
        let action: String
        let isNew: Bool
        let version: Int?
        let fields: [FormField]
        let hasErrors: Bool
        let stale: Bool
        let cancel: String
    }

    /// The check form's values as submitted, all as text so that a wrong number is shown back as typed.
    struct CheckForm: Content {
        var values: [String: String] = [:]
        var channelIDs: [String] = []
        var version: Int?

        static let textFields = [
            "name", "kind", "target", "port", "intervalSeconds", "timeoutSeconds", "problemsBeforeHard", "successesToRecover", "warning",
            "critical", "assetTag", "service", "parentId", "escalateAfterMinutes", "enabled", "banner", "method", "statuses",
            "bodyContains", "bodyExcludes", "followRedirects", "verifyCertificate", "serverName", "recordType", "resolver", "expected",
            "community", "oids", "graceSeconds", "statusPage",
        ]

        init() {
            values = [
                "kind": CheckKind.tcp.rawValue, "intervalSeconds": "60", "timeoutSeconds": "10", "problemsBeforeHard": "3",
                "successesToRecover": "1", "enabled": "on", "method": "GET", "statuses": "200-299", "followRedirects": "on",
                "verifyCertificate": "on", "recordType": "A", "community": "public", "graceSeconds": "300",
            ]
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            for name in Self.textFields { values[name] = form[name] }
            channelIDs = form.fields(prefixed: "channel.").filter { $0.value == "on" }.map(\.key)
            version = form.version
        }

        init(_ check: Check, assetTag: String) {
            let s = check.settings
            values = [
                "name": check.name, "kind": check.kindRaw, "target": check.target, "port": check.port.map(String.init) ?? "",
                "intervalSeconds": String(check.intervalSeconds), "timeoutSeconds": String(check.timeoutSeconds),
                "problemsBeforeHard": String(check.problemsBeforeHard), "successesToRecover": String(check.successesToRecover),
                "warning": check.warning.map(String.init) ?? "", "critical": check.critical.map(String.init) ?? "", "assetTag": assetTag,
                "service": check.service, "parentId": check.parentID?.uuidString ?? "",
                "escalateAfterMinutes": check.escalateAfterMinutes.map(String.init) ?? "", "enabled": check.enabled ? "on" : "",
                "banner": s.banner ?? "", "method": s.method ?? "GET", "statuses": s.statuses ?? "200-299",
                "bodyContains": s.bodyContains ?? "", "bodyExcludes": s.bodyExcludes ?? "",
                "followRedirects": s.followRedirects ?? true ? "on" : "", "verifyCertificate": s.verifyCertificate ?? true ? "on" : "",
                "serverName": s.serverName ?? "", "recordType": s.recordType ?? "A", "resolver": s.resolver ?? "",
                "expected": s.expected ?? "", "community": s.community ?? "public", "oids": (s.oids ?? []).joined(separator: "\n"),
                "graceSeconds": String(s.graceSeconds ?? 300), "statusPage": check.onStatusPage ? "on" : "",
            ]
            channelIDs = check.channelIDs.map(\.uuidString)
            version = check.version
        }

        subscript(_ name: String) -> String { values[name] ?? "" }

        /// The input, or the fields that are not numbers or name nothing.
        func input(on db: any Database) async throws -> CheckService.Input {
            var errors: [FieldError] = []
            func number(_ name: String, optional: Bool = false) -> Int? {
                let text = self[name].trimmingCharacters(in: .whitespaces)
                if text.isEmpty {
                    if !optional { errors.append(FieldError(field: name, code: .required)) }
                    return nil
                }
                guard let value = Int(text) else {
                    errors.append(FieldError(field: name, code: .invalid))
                    return nil
                }
                return value
            }
            let kind = CheckKind(rawValue: self["kind"])
            if kind == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
            let settings = CheckSettings(
                banner: self["banner"], method: self["method"], statuses: self["statuses"], bodyContains: self["bodyContains"],
                bodyExcludes: self["bodyExcludes"], followRedirects: self["followRedirects"] == "on",
                verifyCertificate: self["verifyCertificate"] == "on", serverName: self["serverName"], recordType: self["recordType"],
                resolver: self["resolver"], expected: self["expected"], community: self["community"],
                oids: self["oids"].split(whereSeparator: { $0.isNewline || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) },
                graceSeconds: kind == .heartbeat ? number("graceSeconds") : nil)
            let definition = CheckDefinition(
                kind: kind ?? .tcp, target: self["target"], port: number("port", optional: true),
                intervalSeconds: number("intervalSeconds") ?? 60, timeoutSeconds: kind == .heartbeat ? 10 : number("timeoutSeconds") ?? 10,
                policy: CheckPolicy(
                    problemsBeforeHard: number("problemsBeforeHard") ?? 3, successesToRecover: number("successesToRecover") ?? 1),
                warning: number("warning", optional: true), critical: number("critical", optional: true), settings: settings)
            var assetID: UUID?
            let tag = self["assetTag"].trimmingCharacters(in: .whitespaces)
            if !tag.isEmpty {
                assetID = try await Asset.find(tag: tag, on: db)?.id
                if assetID == nil { errors.append(FieldError(field: "assetTag", code: .notFound)) }
            }
            var parentID: UUID?
            if !self["parentId"].isEmpty {
                parentID = UUID(uuidString: self["parentId"])
                if parentID == nil { errors.append(FieldError(field: "parentId", code: .invalid)) }
            }
            let input = CheckService.Input(
                name: self["name"], definition: definition, assetID: assetID, service: self["service"], parentID: parentID,
                channelIDs: channelIDs.compactMap(UUID.init(uuidString:)),
                escalateAfterMinutes: number("escalateAfterMinutes", optional: true),
                enabled: self["enabled"] == "on", onStatusPage: self["statusPage"] == "on")
            // Problems of the conversion first; then everything the service would say, so the form shows all at once.
            let all = errors + input.validate().filter { problem in !errors.contains { $0.field == problem.field } }
            if !all.isEmpty { throw ValidationFailure(all) }
            return input
        }
    }

    func new(_ req: Request) async throws -> Response {
        var form = CheckForm()
        if let tag = try? req.query.get(String.self, at: "assetTag") { form.values["assetTag"] = tag }
        return try await formPage(req, form, id: nil)
    }

    func edit(_ req: Request) async throws -> Response {
        guard let check = try await Check.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await formPage(req, CheckForm(check, assetTag: try await Asset.tag(of: check.assetID, on: req.db)), id: check.id)
    }

    private func formPage(
        _ req: Request, _ form: CheckForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let messages = req.fieldMessages(errors)
        let others = try await Check.query(on: req.db).sort(\.$name).limit(2000).all().filter { $0.id != id }
        let channels = try await NotificationChannel.query(on: req.db).sort(\.$name).all()
        func field(
            _ name: String, _ type: String = "text", kinds: [CheckKind] = [], options: [Choice] = [], hint: Bool = false,
            error: String? = nil
        ) -> FormField {
            FormField(
                name: name, label: req.t("check.field.\(name)"), type: type, value: form[name], checked: form[name] == "on",
                options: options,
                error: messages[error ?? name], hint: hint ? req.t("check.hint.\(name)") : nil,
                kinds: kinds.map(\.rawValue).joined(separator: " "))
        }
        let measured: [CheckKind] = [.icmp, .tcp, .http, .tls, .dns, .snmp]
        var fields: [FormField] = [
            field("name"),
            field(
                "kind", "select",
                options: CheckKind.allCases.map {
                    Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == form["kind"])
                }),
            field("assetTag", hint: true, error: messages["assetTag"] == nil ? "assetId" : "assetTag"),
            field("service", hint: true),
            field("target", kinds: measured, hint: true),
            field("port", "number", kinds: [.tcp, .tls, .dns, .snmp]),
            field("intervalSeconds", "number", hint: true),
            field("timeoutSeconds", "number", kinds: measured),
            field("graceSeconds", "number", kinds: [.heartbeat], hint: true),
            field("problemsBeforeHard", "number", hint: true),
            field("successesToRecover", "number"),
            field("warning", "number", kinds: measured, hint: true),
            field("critical", "number", kinds: measured),
            field("banner", kinds: [.tcp], hint: true),
            field(
                "method", "select", kinds: [.http],
                options: ["GET", "HEAD", "POST"].map { Choice(value: $0, label: $0, selected: $0 == form["method"]) }),
            field("statuses", kinds: [.http], hint: true),
            field("bodyContains", kinds: [.http]),
            field("bodyExcludes", kinds: [.http]),
            field("followRedirects", "checkbox", kinds: [.http]),
            field("verifyCertificate", "checkbox", kinds: [.http]),
            field("serverName", kinds: [.tls], hint: true),
            field(
                "recordType", "select", kinds: [.dns],
                options: DNSMessage.RecordType.allCases.map {
                    Choice(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == form["recordType"])
                }),
            field("resolver", kinds: [.dns], hint: true),
            field("expected", kinds: [.dns, .snmp], hint: true),
            field("community", kinds: [.snmp]),
            field("oids", "textarea", kinds: [.snmp], hint: true),
            field(
                "parentId", "select",
                options: [Choice(value: "", label: req.t("check.no_parent"), selected: form["parentId"].isEmpty)]
                    + others.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form["parentId"]) },
                hint: true),
            field("escalateAfterMinutes", "number", hint: true),
            field("enabled", "checkbox"),
            field("statusPage", "checkbox", hint: true),
        ]
        fields.append(
            FormField(
                name: "channel", label: req.t("check.field.channels"), type: "channels", value: "", checked: false,
                options: channels.map {
                    Choice(value: $0.id!.uuidString, label: $0.name, selected: form.channelIDs.contains($0.id!.uuidString))
                },
                error: messages["channelIds"], hint: req.t("check.hint.channels"), kinds: ""))
        let content = FormContent(
            action: id.map { Paths.check.path($0) } ?? Paths.checks.path, isNew: id == nil, version: form.version, fields: fields,
            hasErrors: !(errors?.errors.isEmpty ?? true), stale: stale, cancel: id.map { Paths.check.path($0) } ?? Paths.checks.path)
        return try await req.page("monitoring/check-form", titleKey: id == nil ? "check.new" : "check.edit", content, status: status)
    }

    func save(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(CheckForm.self)
        do {
            let input = try await form.input(on: req.db)
            let check: Check
            if let id {
                check = try await service(req).update(id, expectedVersion: form.version ?? 0, input)
            } else {
                check = try await service(req).create(input)
            }
            return req.redirect(to: Paths.check.path(check.id!) + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await formPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            guard let id, let fresh = try await Check.find(id, on: req.db) else { throw AppError.notFound }
            let tag = try await Asset.tag(of: fresh.assetID, on: req.db)
            return try await formPage(req, CheckForm(fresh, assetTag: tag), id: id, stale: true, status: .conflict)
        }
    }

    func run(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await Check.find(id, on: req.db) != nil else { throw AppError.notFound }
        try await req.application.monitor.runNow([id])
        return req.redirect(to: Paths.check.path(id) + "?done=checked", redirectType: .normal)
    }

    func remove(_ req: Request) async throws -> Response {
        struct Form: Content { var version: Int? }
        let form = try req.content.decode(Form.self)
        let id = try req.requireID()
        do {
            try await service(req).delete(id, expectedVersion: form.version)
        } catch let failure as ValidationFailure {
            throw AppError.invalid(failure)
        }
        return req.redirect(to: Paths.checks.path + "?done=removed", redirectType: .normal)
    }

    func renewToken(_ req: Request) async throws -> Response {
        let check = try await service(req).renewToken(try req.requireID())
        return req.redirect(to: Paths.check.path(check.id!) + "?done=saved", redirectType: .normal)
    }

    // MARK: Alerts

    struct AlertsContent: Encodable {
        struct Row: Encodable {
            let href: String
            let check: String
            let checkHref: String
            let badge: StatusBadge
            let opened: String
            let duration: String
            let acknowledged: String?
            let closed: String?
        }

        struct Group: Encodable {
            let subject: String
            let href: String?
            let rows: [Row]
        }

        let open: [Group]
        let openCount: String
        let recent: [Row]
    }

    func alerts(_ req: Request) async throws -> Response {
        let open = try await Alert.query(on: req.db).filter(\.$closedAt == nil).sort(\.$openedAt, .descending).limit(1000).all()
        let recent = try await Alert.query(on: req.db).filter(\.$closedAt != nil).sort(\.$closedAt, .descending).limit(50).all()
        let checks = Dictionary(
            uniqueKeysWithValues: try await Check.query(on: req.db).filter(\.$id ~~ Set((open + recent).map(\.checkID))).all().map {
                ($0.id!, $0)
            })
        let assets = try await Self.assets(of: Array(checks.values), on: req.db)
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let now = req.now
        let time = { (date: Date) in localizer.dateTime(date, req.language, timeZone: zone) }
        func row(_ alert: Alert) -> AlertsContent.Row {
            let check = checks[alert.checkID]
            return .init(
                href: Paths.alert.path(alert.id!), check: check?.name ?? "", checkHref: Paths.check.path(alert.checkID),
                badge: Self.badge(alert.status, req), opened: time(alert.openedAt),
                duration: MonitorFormat.duration((alert.closedAt ?? now).timeIntervalSince(alert.openedAt), req.language, localizer),
                acknowledged: alert.acknowledgedBy.map { req.t("alert.acknowledged_by", ["name": $0]) }, closed: alert.closedAt.map(time))
        }
        // Grouped per asset (or named service), the group with the worst and oldest problem first.
        let grouped = Dictionary(grouping: open) { alert -> String in
            let check = checks[alert.checkID]
            return check.map { AlertRouter.subject(of: $0, asset: $0.assetID.flatMap { assets[$0] }) } ?? ""
        }
        let rank: (CheckStatus) -> Int = { [.critical: 0, .warning: 1, .unknown: 2, .ok: 3][$0] ?? 3 }
        let groups = grouped.map { subject, alerts in
            let assetID = alerts.first?.assetID
            return (
                rank(alerts.map(\.status).min { rank($0) < rank($1) } ?? .ok), alerts.map(\.openedAt).min() ?? now,
                AlertsContent.Group(subject: subject, href: assetID.map { Paths.hardwareAsset.path($0) }, rows: alerts.map(row))
            )
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        return try await req.page(
            "monitoring/alerts", titleKey: "alert.title",
            AlertsContent(open: groups, openCount: localizer.number(open.count, req.language), recent: recent.map(row)))
    }

    struct AlertContent: Encodable {
        struct Entry: Encodable {
            let at: String
            let text: String
        }

        let id: String
        let check: String
        let checkHref: String
        let subject: String
        let badge: StatusBadge
        let opened: String
        let closed: String?
        let duration: String
        let acknowledged: String?
        let comment: String
        let timeline: [Entry]
        let canAcknowledge: Bool
        let error: String?
    }

    func alert(_ req: Request) async throws -> Response { try await alertPage(req, id: try req.requireID(), error: nil) }

    private func alertPage(_ req: Request, id: UUID, error: String?, status: HTTPStatus = .ok) async throws -> Response {
        guard let alert = try await Alert.find(id, on: req.db) else { throw AppError.notFound }
        let check = try await Check.find(alert.checkID, on: req.db)
        let asset = try await alert.assetID.asyncMap { try await Asset.find($0, on: req.db) } ?? nil
        let events = try await AlertEvent.query(on: req.db).filter(\.$alertID == id).sort(\.$at).all()
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let time = { (date: Date) in localizer.dateTime(date, req.language, timeZone: zone) }
        let timeline = events.map { event in
            AlertContent.Entry(at: time(event.at), text: Self.describe(event, req))
        }
        let content = AlertContent(
            id: id.uuidString, check: check?.name ?? "", checkHref: Paths.check.path(alert.checkID),
            subject: check.map { AlertRouter.subject(of: $0, asset: asset) } ?? "", badge: Self.badge(alert.status, req),
            opened: time(alert.openedAt), closed: alert.closedAt.map(time),
            duration: MonitorFormat.duration((alert.closedAt ?? req.now).timeIntervalSince(alert.openedAt), req.language, localizer),
            acknowledged: alert.acknowledgedBy.map { req.t("alert.acknowledged_by", ["name": $0]) }, comment: alert.comment,
            timeline: timeline, canAcknowledge: req.may(.acknowledgeAlerts) && alert.closedAt == nil && alert.acknowledgedAt == nil,
            error: error)
        return try await req.page("monitoring/alert", titleKey: "alert.title", content, status: status)
    }

    /// A timeline entry in the reader's language.
    static func describe(_ event: AlertEvent, _ req: Request) -> String {
        let status = CheckStatus(rawValue: event.detail).map { req.t($0.labelKey) } ?? event.detail
        switch event.kind {
        case .opened, .severity: return req.t(event.kind.labelKey, ["status": status])
        case .held: return req.t(event.kind.labelKey, ["reason": req.t("alert.hold.\(event.detail)")])
        case .acknowledged: return req.t(event.kind.labelKey, ["name": event.detail])
        case .flapping, .settled: return req.t(event.kind.labelKey, ["percent": event.detail])
        case .notified, .escalated, .recovered: return req.t(event.kind.labelKey)
        }
    }

    func acknowledge(_ req: Request) async throws -> Response {
        struct Form: Content { var comment: String? }
        let form = try req.content.decode(Form.self)
        let id = try req.requireID()
        do {
            _ = try await service(req).acknowledge(id, comment: form.comment ?? "")
        } catch let failure as ValidationFailure {
            return try await alertPage(req, id: id, error: req.fieldMessages(failure).values.first, status: .unprocessableEntity)
        }
        return req.redirect(to: Paths.alert.path(id) + "?done=saved", redirectType: .normal)
    }

    // MARK: Maintenance windows

    struct WindowsContent: Encodable {
        struct Row: Encodable {
            let name: String
            let scope: String
            let scopeHref: String?
            let schedule: String
            let next: String
            let active: Bool
            let removeAction: String
        }

        let rows: [Row]
        let canManage: Bool
        let form: [String: String]
        let scopes: [Choice]
        let errors: [String: String]
        let timeZone: String
    }

    func windows(_ req: Request) async throws -> Response { try await windowsPage(req, form: [:], errors: nil) }

    private func windowsPage(_ req: Request, form: [String: String], errors: ValidationFailure?, status: HTTPStatus = .ok) async throws
        -> Response
    {
        let windows = try await MaintenanceWindow.query(on: req.db).sort(\.$name).all()
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let now = req.now
        let scopeNames = try await Self.scopeNames(windows, on: req.db)
        let rows = windows.map { window in
            let schedule = MaintenanceCalendar.schedule(window)
            let next = schedule?.windows(overlapping: DateInterval(start: now, duration: 400 * 86400), limit: 1).first
            return WindowsContent.Row(
                name: window.name, scope: req.t(window.scope.labelKey) + ": " + (scopeNames[window.scopeID]?.0 ?? "–"),
                scopeHref: scopeNames[window.scopeID]?.1,
                schedule: [
                    window.startsLocal.replacingOccurrences(of: "T", with: " "),
                    MonitorFormat.duration(TimeInterval(window.durationMinutes * 60), req.language, localizer), window.rrule,
                ].filter { !$0.isEmpty }.joined(separator: " · "),
                next: next.map { localizer.dateTime($0.start, req.language, timeZone: zone) } ?? "–",
                active: schedule?.isActive(at: now) ?? false, removeAction: Paths.maintenanceWindowRemove.path(window.id!))
        }
        var values = form
        if values["scope"] == nil { values["scope"] = MaintenanceWindow.Scope.asset.rawValue }
        if values["durationMinutes"] == nil { values["durationMinutes"] = "60" }
        return try await req.page(
            "monitoring/maintenance", titleKey: "maintenance.title",
            WindowsContent(
                rows: rows, canManage: req.may(.manageMonitoring), form: values,
                scopes: MaintenanceWindow.Scope.allCases.map {
                    Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == values["scope"])
                }, errors: req.fieldMessages(errors), timeZone: zone.identifier), status: status)
    }

    /// What each window covers, by name and link: an asset's tag, a site's name, a check's name.
    static func scopeNames(_ windows: [MaintenanceWindow], on db: any Database) async throws -> [UUID: (String, String?)] {
        let ids = Set(windows.map(\.scopeID))
        var names: [UUID: (String, String?)] = [:]
        for asset in try await Asset.query(on: db).filter(\.$id ~~ ids).all() {
            names[asset.id!] = ("\(asset.tag) \(asset.name)", Paths.hardwareAsset.path(asset.id!))
        }
        for site in try await Site.query(on: db).filter(\.$id ~~ ids).all() { names[site.id!] = (site.name, nil) }
        for check in try await Check.query(on: db).filter(\.$id ~~ ids).all() {
            names[check.id!] = (check.name, Paths.check.path(check.id!))
        }
        return names
    }

    func createWindow(_ req: Request) async throws -> Response {
        struct Form: Content {
            var name: String?
            var scope: String?
            var target: String?
            var starts: String?
            var durationMinutes: String?
            var rrule: String?
        }
        let form = try req.content.decode(Form.self)
        let values = [
            "name": form.name ?? "", "scope": form.scope ?? "", "target": form.target ?? "", "starts": form.starts ?? "",
            "durationMinutes": form.durationMinutes ?? "", "rrule": form.rrule ?? "",
        ]
        do {
            // The target is named as people know it: an asset's tag, a site's name or code, a check's name.
            let target = values["target"]!.trimmingCharacters(in: .whitespaces)
            var scopeID: UUID?
            switch MaintenanceWindow.Scope(rawValue: values["scope"]!) {
            case .asset: scopeID = try await Asset.find(tag: target, on: req.db)?.id
            case .site: scopeID = try await Site.query(on: req.db).filter(\.$name == target).first()?.id
            case .check: scopeID = try await Check.query(on: req.db).filter(\.$name == target).first()?.id
            case nil: break
            }
            guard let minutes = Int(values["durationMinutes"]!.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationFailure([FieldError(field: "durationMinutes", code: .invalid)])
            }
            if scopeID == nil, !target.isEmpty { throw ValidationFailure([FieldError(field: "target", code: .notFound)]) }
            let zone = try await req.application.services.organisation.current(on: req.db).timeZone.identifier
            _ = try await service(req).createWindow(
                .init(
                    name: values["name"]!, scope: values["scope"]!, scopeID: scopeID, starts: values["starts"]!, durationMinutes: minutes,
                    timeZone: zone, rrule: values["rrule"]!))
        } catch let failure as ValidationFailure {
            let renamed = ValidationFailure(failure.errors.map { $0.field == "scopeId" ? FieldError(field: "target", code: $0.code) : $0 })
            return try await windowsPage(req, form: values, errors: renamed, status: .unprocessableEntity)
        }
        return req.redirect(to: Paths.maintenanceWindows.path + "?done=created", redirectType: .normal)
    }

    func removeWindow(_ req: Request) async throws -> Response {
        try await service(req).deleteWindow(try req.requireID())
        return req.redirect(to: Paths.maintenanceWindows.path + "?done=removed", redirectType: .normal)
    }
}
