import Domain
import Fluent
import Foundation
import SQLKit
import UsageCounting
import Vapor

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
