import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The check form: the fields of the chosen kind, as typed when refused, and saving, running and removing a check.
extension MonitorPages {
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
                "graceSeconds": String(s.graceSeconds ?? CheckDefinition.defaultGraceSeconds), "statusPage": check.onStatusPage ? "on" : "",
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

    func formPage(
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
        return try await req.submit {
            let input = try await form.input(on: req.db)
            let check: Check
            if let id {
                check = try await service(req).update(id, expectedVersion: form.version ?? 0, input)
            } else {
                check = try await service(req).create(input)
            }
            return req.redirect(to: Paths.check.path(check.id!) + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } invalid: { failure in
            return try await formPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
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
}
