import Domain
import Foundation
import Vapor

struct DecisionBody: APIRequestBody {
    let decision: String
    let note: String?

    static let fieldNames: Set<String> = ["decision", "note"]
    func validate() -> [FieldError] { [] }  // ContractService.decide.

    static let schema = JSONSchema.object(
        properties: ["decision": .string(enumeration: ContractDecision.allCases.map(\.rawValue)), "note": .string()], required: ["decision"]
    )
}

struct DeadlineDTO: Content {
    let date: String
    let kind: String
    let subject: String
    let subjectId: UUID
    let termEnd: String?
    let decision: String?
    let daysLeft: Int

    init(_ deadline: ContractService.Deadline) {
        (date, kind, subject, subjectId) = (deadline.date.description, deadline.kind.rawValue, deadline.subject, deadline.subjectID)
        (termEnd, decision, daysLeft) = (deadline.termEnd?.description, deadline.decision?.rawValue, deadline.daysLeft)
    }

    static let schema = JSONSchema.object(
        properties: [
            "date": .string(format: "date"), "kind": .string(enumeration: ContractService.Deadline.Kind.allCases.map(\.rawValue)),
            "subject": .string(), "subjectId": .string(format: "uuid"), "termEnd": .nullable(.string(format: "date")),
            "decision": .nullable(.string(enumeration: ContractDecision.allCases.map(\.rawValue))), "daysLeft": .integer(),
        ], required: ["date", "kind", "subject", "subjectId", "daysLeft"])
}
