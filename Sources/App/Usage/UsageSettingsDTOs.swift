import Domain
import Foundation
import UsageCounting
import Vapor

struct UsageSettingsBody: APIRequestBody, Content {
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

struct UsageSettingsDTO: Content {
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
        guard case .object(var properties, _) = UsageSettingsBody.schema else { return UsageSettingsBody.schema }
        properties["version"] = .integer(minimum: 0)
        return .object(properties: properties, required: Array(UsageSettingsBody.fieldNames) + ["version"])
    }()
}
