import Domain
import Foundation
import UsageCounting
import Vapor

/// What the OpenAPI document says of the usage report, the settings, the sources and the employee's own data.
enum UsageAPIDocs {
    static let report = APIDoc(
        summary:
            "Internet and mail use of a period (default: the last 30 days), by department or site — never by person. Groups with fewer people than the organisation's minimum group size are folded into `other`, and so are domains fewer people visited; when the whole organisation has fewer, `suppressed` is true and nothing else is given. Unattributed traffic is listed per site under `unknown`.",
        query: [
            .init(name: "from", schema: .string(format: "date"), description: "First day, YYYY-MM-DD."),
            .init(name: "to", schema: .string(format: "date"), description: "Last day, YYYY-MM-DD (default today)."),
            .init(
                name: "group", schema: .string(enumeration: ["department", "site"]), description: "Group by department (default) or site."),
        ],
        response: .ref("UsageReport"))

    static let settings = APIDoc(
        summary:
            "What usage is collected (each type off until switched on) and the privacy limits: retention, minimum group size, raw buffer, re-identification.",
        response: .ref("UsageSettings"))
    static let updateSettings = APIDoc(
        summary:
            "Change the usage settings (If-Match: the version). Fields left out keep their values. Retention at most 396 days (13 months); a minimum group size of at least 2.",
        requestBody: .ref("UpdateUsageSettings"), response: .ref("UsageSettings"), conditional: true)
    static let sources = APIDoc(
        summary:
            "The log sources read by `quartermaster ingest` or the syslog receiver: lines, malformed lines with the first few kept, files, last ingest and error.",
        response: .array(.ref("UsageSource")))
    static let mine = APIDoc(
        summary:
            "The signed-in employee's own usage data, everything stored under their pseudonyms (GDPR Art. 15): internet use per day and domain, mail per day. Empty for an account not linked to an employee.",
        response: .ref("UsageMine"))

    static let schemas: [String: JSONSchema] = [
        "UsageReport": UsageReportAPIController.ReportDTO.schema, "UsageCounts": UsageReportAPIController.CountsDTO.schema,
        "UsageGroup": UsageReportAPIController.GroupDTO.schema, "UsageDomain": UsageReportAPIController.DomainDTO.schema,
        "UsageDay": UsageReportAPIController.DayDTO.schema, "UsageCategory": UsageReportAPIController.CategoryDTO.schema,
        "UsageSettings": UsageSettingsDTO.schema, "UpdateUsageSettings": UsageSettingsBody.schema, "UsageSource": UsageSourceDTO.schema,
        "UsageMine": UsageOwnData.MineDTO.schema,
    ]
}
