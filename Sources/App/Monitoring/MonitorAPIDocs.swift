import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// What the OpenAPI document says of the checks', alerts' and maintenance windows' routes.
enum MonitorAPIDocs {
    static let list = APIDoc(
        summary: "Checks by name, each with its current state.",
        query: APIDocs.paging + [
            .init(name: "assetId", schema: .string(format: "uuid"), description: "Only the checks of this asset."),
            .init(
                name: "status", schema: .string(enumeration: CheckStatus.allCases.map(\.rawValue)),
                description: "Only checks whose latest result has this status."),
            .init(
                name: "kind", schema: .string(enumeration: CheckKind.allCases.map(\.rawValue)), description: "Only checks of this kind."
            ),
        ], response: .page(of: "Check"))
    static let create = APIDoc(
        summary:
            "Create a check on an asset (assetId) or a named service: icmp, tcp, http, tls, dns, snmp or heartbeat. A heartbeat gets a URL (heartbeatUrl) its job calls.",
        requestBody: .ref("CheckBody"), response: .ref("Check"), successStatus: 201)
    static let get = APIDoc(summary: "One check with its current state.", response: .ref("Check"))
    static let update = APIDoc(
        summary: "Change a check (If-Match: its version); what is left out keeps its value.", requestBody: .ref("CheckBody"),
        response: .ref("Check"), conditional: true)
    static let delete = APIDoc(
        summary: "Remove a check with its results, history and alerts (a check others depend on cannot go: 422 in_use).",
        successStatus: 204)
    static let run = APIDoc(
        summary: "Run the check now and record its result; answers the check with its new state.", response: .ref("Check"))
    static let results = APIDoc(
        summary: "The check's raw results, newest first (kept for the retention period).", query: APIDocs.paging,
        response: .page(of: "CheckResult"))
    static let alerts = APIDoc(
        summary: "Alerts, newest first, each with its timeline.",
        query: APIDocs.paging + [
            .init(name: "open", schema: .boolean, description: "true: only alerts that have not recovered."),
            .init(name: "checkId", schema: .string(format: "uuid"), description: "Only the alerts of this check."),
        ], response: .page(of: "Alert"))
    static let acknowledge = APIDoc(
        summary: "Take an open alert on: its notices stop until it recovers. An alert already acknowledged or closed: 422.",
        requestBody: .ref("AcknowledgeBody"), response: .ref("Alert"))
    static let windows = APIDoc(summary: "Maintenance windows, with the next one of each.", response: .array(.ref("MaintenanceWindow")))
    static let createWindow = APIDoc(
        summary:
            "A maintenance window for an asset, a site or a check: notices are held back during it, checks go on recording. starts is local time (2026-12-06T04:00) in timeZone (default: the organisation's); rrule is an iCalendar RRULE subset (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL).",
        requestBody: .ref("MaintenanceWindowBody"), response: .ref("MaintenanceWindow"), successStatus: 201)
    static let deleteWindow = APIDoc(summary: "Remove a maintenance window.", successStatus: 204)

    static let schemas: [String: JSONSchema] = [
        "Check": CheckDTO.schema, "CheckState": CheckStateDTO.schema, "CheckSettings": CheckDTO.settingsSchema,
        "CheckBody": .object(properties: CheckDTO.fieldSchemas, required: []), "CheckResult": CheckResultDTO.schema,
        "Alert": AlertDTO.schema, "AcknowledgeBody": .object(properties: ["comment": .string()], required: []),
        "MaintenanceWindow": MaintenanceWindowDTO.schema,
        "MaintenanceWindowBody": .object(
            properties: [
                "name": .string(), "scope": .string(enumeration: MaintenanceWindow.Scope.allCases.map(\.rawValue)),
                "scopeId": .string(format: "uuid"), "starts": .string(), "durationMinutes": .integer(minimum: 1, maximum: 14 * 1440),
                "timeZone": .string(), "rrule": .string(),
            ], required: ["name", "scope", "scopeId", "starts", "durationMinutes"]),
    ]
}
