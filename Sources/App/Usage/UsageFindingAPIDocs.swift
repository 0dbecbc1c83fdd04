import Domain
import Foundation
import UsageCounting
import Vapor

/// What the OpenAPI document says of the findings, re-identification and rules routes.
enum UsageFindingAPIDocs {
    static let findings = APIDoc(
        summary: "Findings of the acceptable-use rules, newest first (at most 1,000): pseudonyms, never names.",
        response: .array(.ref("UsageFinding")))
    static let finding = APIDoc(
        summary:
            "One finding. `person` is given only to the one whose re-identification request for it was approved and is still open; each such read is audited.",
        response: .ref("UsageFinding"))
    static let request = APIDoc(
        summary:
            "Ask who is behind a finding, giving a reason (at least 15 characters). A people officer other than the one asking decides.",
        requestBody: .ref("UsageReidentificationRequest"), response: .ref("UsageReidentification"), successStatus: 201)
    static let requests = APIDoc(
        summary: "Re-identification requests, newest first; `status=pending` for the ones waiting.",
        query: [
            .init(
                name: "status", schema: .string(enumeration: Reidentification.Status.allCases.map(\.rawValue)),
                description: "Only this status.")
        ],
        response: .array(.ref("UsageReidentification")))
    static let decide = APIDoc(
        summary:
            "Approve or reject a pending request (not one's own: 409 own_request). An approval opens the finding to the one who asked for the policy's number of days.",
        requestBody: .ref("UsageReidentificationDecision"), response: .ref("UsageReidentification"))
    static let rules = APIDoc(summary: "The acceptable-use rules.", response: .array(.ref("UsageRule")))
    static let addRule = APIDoc(
        summary:
            "Add a rule: a category blocked or limited (requests a day), a daily volume (bytes), out-of-hours use (requests a day), or large mail to free-mail addresses.",
        requestBody: .ref("CreateUsageRule"), response: .ref("UsageRule"), successStatus: 201)
    static let removeRule = APIDoc(summary: "Remove a rule and its findings.", successStatus: 204)

    static let schemas: [String: JSONSchema] = [
        "UsageFinding": UsageFindingAPI.FindingDTO.schema, "UsageReidentificationRequest": UsageFindingAPI.RequestBody.schema,
        "UsageReidentification": UsageFindingAPI.RequestDTO.schema,
        "UsageReidentificationDecision": UsageFindingAPI.DecisionBody.schema, "UsageRule": UsageFindingAPI.RuleDTO.schema,
        "CreateUsageRule": UsageRuleBody.schema,
    ]
}
