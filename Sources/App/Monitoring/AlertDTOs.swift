import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

struct AlertDTO: Content {
    struct Event: Content {
        let at: Date
        let kind: String
        let detail: String
    }

    let id: UUID
    let checkId: UUID
    let checkName: String
    let assetId: UUID?
    let status: CheckStatus
    let openedAt: Date
    let closedAt: Date?
    let acknowledgedAt: Date?
    let acknowledgedBy: String?
    let comment: String
    let escalatedAt: Date?
    let announced: Bool
    let timeline: [Event]

    init(_ alert: Alert, checkName: String, events: [AlertEvent]) {
        (id, checkId, self.checkName, assetId, status) = (alert.id!, alert.checkID, checkName, alert.assetID, alert.status)
        (openedAt, closedAt, acknowledgedAt, acknowledgedBy) = (alert.openedAt, alert.closedAt, alert.acknowledgedAt, alert.acknowledgedBy)
        (comment, escalatedAt, announced) = (alert.comment, alert.escalatedAt, alert.announced)
        timeline = events.map { Event(at: $0.at, kind: $0.kindRaw, detail: $0.detail) }
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "checkId": .string(format: "uuid"), "checkName": .string(), "assetId": .string(format: "uuid"),
            "status": .string(enumeration: CheckStatus.allCases.map(\.rawValue)), "openedAt": .string(format: "date-time"),
            "closedAt": .string(format: "date-time"), "acknowledgedAt": .string(format: "date-time"), "acknowledgedBy": .string(),
            "comment": .string(), "escalatedAt": .string(format: "date-time"), "announced": .boolean,
            "timeline": .array(
                .object(
                    properties: [
                        "at": .string(format: "date-time"), "kind": .string(enumeration: AlertEvent.Kind.allCases.map(\.rawValue)),
                        "detail": .string(),
                    ], required: ["at", "kind", "detail"])),
        ], required: ["id", "checkId", "checkName", "status", "openedAt", "comment", "announced", "timeline"])
}

struct AcknowledgeBody: APIRequestBody {
    let comment: String?
    static let fieldNames: Set<String> = ["comment"]
    func validate() -> [FieldError] { [] }
}
