import Domain
import Foundation
import Vapor

/// The JSON side of findings, re-identification and rules.
struct UsageFindingAPI: Sendable {
    struct FindingDTO: Content {
        let id: UUID
        let ruleId: UUID
        let rule: String
        let kind: String
        let day: String
        let pseudonym: String
        let value: Int64
        /// The person, only to the one whose re-identification request is approved and open (each such read is audited).
        let person: PersonDTO?

        static let schema = JSONSchema.object(
            properties: [
                "id": .string(format: "uuid"), "ruleId": .string(format: "uuid"), "rule": .string(),
                "kind": .string(enumeration: UsageRule.Kind.allCases.map(\.rawValue)), "day": .string(format: "date"),
                "pseudonym": .string(),
                "value": .integer(minimum: 0),
                "person": .nullable(
                    .object(
                        properties: ["id": .string(format: "uuid"), "name": .string(), "employeeNumber": .string()],
                        required: ["id", "name", "employeeNumber"])),
            ], required: ["id", "ruleId", "rule", "kind", "day", "pseudonym", "value"])
    }

    struct PersonDTO: Content {
        let id: UUID
        let name: String
        let employeeNumber: String
    }

    static func dto(_ finding: UsageReidentification.Finding, person: Employee? = nil) -> FindingDTO {
        FindingDTO(
            id: finding.id, ruleId: finding.ruleID, rule: finding.ruleName, kind: finding.kind.rawValue, day: finding.day,
            pseudonym: finding.subject,
            value: finding.value, person: person.map { PersonDTO(id: $0.id!, name: $0.fullName, employeeNumber: $0.employeeNumber) })
    }

    func findings(_ req: Request) async throws -> [FindingDTO] {
        try await UsageReidentification.findings(on: req.db).map { Self.dto($0) }
    }

    func finding(_ req: Request) async throws -> FindingDTO {
        let id = try req.requireID()
        guard let finding = try await UsageReidentification.findings(ids: [id], on: req.db).first else { throw AppError.notFound }
        return Self.dto(finding, person: try await UsageReidentification.reveal(finding: id, actor: req.auditActor, app: req.application))
    }

    struct RequestBody: APIRequestBody {
        let reason: String
        static let fieldNames: Set<String> = ["reason"]
        func validate() -> [FieldError] { [] }  // Reidentification.checkReason is the rule.
        static let schema = JSONSchema.object(properties: ["reason": .string()], required: ["reason"])
    }

    struct RequestDTO: Content {
        let id: UUID
        let findingId: UUID
        let requester: String
        let reason: String
        let requestedAt: Date
        let status: String
        let decider: String?
        let note: String?
        let decidedAt: Date?
        let expiresAt: Date?

        init(_ record: UsageReidentification.Record) {
            (id, findingId, requester, reason, requestedAt) = (
                record.id, record.findingID, record.requesterLabel, record.reason, record.requestedAt
            )
            (status, decider, note, decidedAt, expiresAt) = (
                record.status.rawValue, record.deciderLabel, record.decisionNote, record.decidedAt, record.expiresAt
            )
        }

        static let schema = JSONSchema.object(
            properties: [
                "id": .string(format: "uuid"), "findingId": .string(format: "uuid"), "requester": .string(), "reason": .string(),
                "requestedAt": .string(format: "date-time"),
                "status": .string(enumeration: Reidentification.Status.allCases.map(\.rawValue)),
                "decider": .nullable(.string()), "note": .nullable(.string()), "decidedAt": .nullable(.string(format: "date-time")),
                "expiresAt": .nullable(.string(format: "date-time")),
            ], required: ["id", "findingId", "requester", "reason", "requestedAt", "status"])
    }

    func request(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let body = try req.decodeStrict(RequestBody.self)
        let request = try await UsageReidentification.request(finding: id, reason: body.reason, actor: req.auditActor, app: req.application)
        let record = try await UsageReidentification.records(findings: [id], on: req.db).first { $0.id == request }!
        return try await RequestDTO(record).encodeResponse(status: .created, for: req)
    }

    func requests(_ req: Request) async throws -> [RequestDTO] {
        let status = try? req.query.get(String.self, at: "status")
        guard status == nil || Reidentification.Status(rawValue: status!) != nil else {
            throw ValidationFailure([FieldError(field: "status", code: .invalid)])
        }
        return try await UsageReidentification.records(status: status.flatMap(Reidentification.Status.init), on: req.db).map(
            RequestDTO.init)
    }

    struct DecisionBody: APIRequestBody {
        let approve: Bool
        let note: String?
        static let fieldNames: Set<String> = ["approve", "note"]
        func validate() -> [FieldError] { [] }
        static let schema = JSONSchema.object(properties: ["approve": .boolean, "note": .nullable(.string())], required: ["approve"])
    }

    func decide(_ req: Request) async throws -> RequestDTO {
        let id = try req.requireID()
        let body = try req.decodeStrict(DecisionBody.self)
        do {
            try await UsageReidentification.decide(
                id, approve: body.approve, note: body.note ?? "", actor: req.auditActor, app: req.application)
        } catch let refusal as Reidentification.Refusal {
            throw refusal == .ownRequest ? AppError.ownRequest : AppError.alreadyDecided
        }
        guard let record = try await UsageReidentification.records(id: id, on: req.db).first else {
            throw AppError.notFound
        }
        return RequestDTO(record)
    }

    struct RuleDTO: Content {
        let id: UUID
        let name: String
        let kind: String
        let category: String?
        let threshold: Int64?

        static let schema = JSONSchema.object(
            properties: [
                "id": .string(format: "uuid"), "name": .string(), "kind": .string(enumeration: UsageRule.Kind.allCases.map(\.rawValue)),
                "category": .nullable(.string()), "threshold": .nullable(.integer(minimum: 1)),
            ], required: ["id", "name", "kind"])
    }

    func rules(_ req: Request) async throws -> [RuleDTO] {
        try await UsageFindings.rules(on: req.db).map {
            RuleDTO(id: $0.id, name: $0.name, kind: $0.rule.kind.rawValue, category: $0.rule.category, threshold: $0.rule.threshold)
        }
    }

    func addRule(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(UsageRuleBody.self)
        guard let rule = body.rule else { throw ValidationFailure([FieldError(field: "kind", code: .invalid)]) }
        let id = try await UsageFindings.addRule(name: body.name, rule, actor: req.auditActor, app: req.application)
        let stored = try await UsageFindings.rules(on: req.db).first { $0.id == id }!
        return try await RuleDTO(
            id: id, name: stored.name, kind: stored.rule.kind.rawValue, category: stored.rule.category, threshold: stored.rule.threshold
        )
        .encodeResponse(status: .created, for: req)
    }

    func removeRule(_ req: Request) async throws -> HTTPStatus {
        try await UsageFindings.removeRule(try req.requireID(), actor: req.auditActor, app: req.application)
        return .noContent
    }

}
