import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The check form: the fields of the chosen kind, as typed when refused, and saving a check.
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
}
