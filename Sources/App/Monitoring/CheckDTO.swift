import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

struct CheckDTO: Content {
    let id: UUID
    let name: String
    let kind: CheckKind
    let target: String
    let port: Int?
    let intervalSeconds: Int
    let timeoutSeconds: Int
    let problemsBeforeHard: Int
    let successesToRecover: Int
    let warning: Int?
    let critical: Int?
    let settings: CheckSettings
    let assetId: UUID?
    let service: String
    let parentId: UUID?
    let channelIds: [UUID]
    let escalateAfterMinutes: Int?
    let enabled: Bool
    let statusPage: Bool
    /// Heartbeats, for those who manage checks: the URL the job calls.
    let heartbeatUrl: String?
    let state: CheckStateDTO
    let version: Int

    init(_ check: Check, state: CheckStateRecord?, heartbeatURL: String?) {
        (id, name, kind, target, port) = (check.id!, check.name, check.kind, check.target, check.port)
        (intervalSeconds, timeoutSeconds) = (check.intervalSeconds, check.timeoutSeconds)
        (problemsBeforeHard, successesToRecover, warning, critical) = (
            check.problemsBeforeHard, check.successesToRecover, check.warning, check.critical
        )
        (settings, assetId, service, parentId, channelIds) = (
            check.settings, check.assetID, check.service, check.parentID, check.channelIDs
        )
        (escalateAfterMinutes, enabled, heartbeatUrl) = (check.escalateAfterMinutes, check.enabled, heartbeatURL)
        statusPage = check.onStatusPage
        self.state = CheckStateDTO(state)
        version = check.version
    }

    static let settingsSchema = JSONSchema.object(
        properties: [
            "banner": .string(), "method": .string(enumeration: ["GET", "HEAD", "POST"]), "statuses": .string(), "bodyContains": .string(),
            "bodyExcludes": .string(), "followRedirects": .boolean, "verifyCertificate": .boolean, "serverName": .string(),
            "recordType": .string(enumeration: DNSMessage.RecordType.allCases.map(\.rawValue)), "resolver": .string(),
            "expected": .string(), "community": .string(), "oids": .array(.string()), "graceSeconds": .integer(minimum: 0),
        ], required: [])

    static let fieldSchemas: [String: JSONSchema] = [
        "name": .string(), "kind": .string(enumeration: CheckKind.allCases.map(\.rawValue)), "target": .string(),
        "port": .nullable(.integer(minimum: 1, maximum: 65535)),
        "intervalSeconds": .integer(
            minimum: CheckDefinition.intervalRange.lowerBound, maximum: CheckDefinition.heartbeatPeriodRange.upperBound),
        "timeoutSeconds": .integer(minimum: 1, maximum: CheckDefinition.timeoutRange.upperBound),
        "problemsBeforeHard": .integer(minimum: 1, maximum: 10), "successesToRecover": .integer(minimum: 1, maximum: 10),
        "warning": .nullable(.integer(minimum: 0)), "critical": .nullable(.integer(minimum: 0)), "settings": .ref("CheckSettings"),
        "assetId": .nullable(.string(format: "uuid")), "service": .string(), "parentId": .nullable(.string(format: "uuid")),
        "channelIds": .array(.string(format: "uuid")), "escalateAfterMinutes": .nullable(.integer(minimum: 1, maximum: 10_080)),
        "enabled": .boolean, "statusPage": .boolean,
    ]

    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging([
            "id": .string(format: "uuid"), "heartbeatUrl": .string(), "state": .ref("CheckState"), "version": .integer(minimum: 1),
        ]) { $1 },
        required: [
            "id", "name", "kind", "target", "intervalSeconds", "timeoutSeconds", "problemsBeforeHard", "successesToRecover", "settings",
            "service", "channelIds", "enabled", "statusPage", "state", "version",
        ])
}
