import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The check form's values: as submitted, as a check stands, and the service's input they make.
extension MonitorPages {
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
}
