import Domain
import Foundation
import Vapor

/// One line of the uptime report: a site, an asset or named service, or a check.
struct UptimeLineDTO: Vapor.Content {
    let id: String
    let name: String
    let assetId: UUID?
    let checkId: UUID?
    let siteId: UUID?
    let measuredFrom: Date
    let measuredTo: Date
    let slaBasisPoints: Int
    let upSeconds: Int
    let downSeconds: Int
    let incidents: Int
    let mttrSeconds: Int?
    let mtbfSeconds: Int?

    init(_ line: UptimeReport.Line) {
        let a = line.availability
        (id, name, assetId, checkId, siteId) = (line.id, line.name, line.assetID, line.checkID, line.siteID)
        (measuredFrom, measuredTo, slaBasisPoints) = (line.measured.start, line.measured.end, a.slaBasisPoints)
        (upSeconds, downSeconds, incidents) = (Int(a.upSeconds.rounded()), Int(a.downSeconds.rounded()), a.incidents.count)
        (mttrSeconds, mtbfSeconds) = (a.meanTimeToRepair.map { Int($0.rounded()) }, a.meanTimeBetweenFailures.map { Int($0.rounded()) })
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(), "name": .string(), "assetId": .string(format: "uuid"), "checkId": .string(format: "uuid"),
            "siteId": .string(format: "uuid"), "measuredFrom": .string(format: "date-time"), "measuredTo": .string(format: "date-time"),
            "slaBasisPoints": .integer(minimum: 0, maximum: 10_000), "upSeconds": .integer(minimum: 0),
            "downSeconds": .integer(minimum: 0), "incidents": .integer(minimum: 0), "mttrSeconds": .integer(minimum: 0),
            "mtbfSeconds": .integer(minimum: 0),
        ],
        required: ["id", "name", "measuredFrom", "measuredTo", "slaBasisPoints", "upSeconds", "downSeconds", "incidents"])
}

/// One of the month's incidents (alerts).
struct UptimeIncidentDTO: Vapor.Content {
    let alertId: UUID
    let checkId: UUID
    let check: String
    let subject: String
    let status: CheckStatus
    let openedAt: Date
    let closedAt: Date?
    let secondsInMonth: Int

    static let schema = JSONSchema.object(
        properties: [
            "alertId": .string(format: "uuid"), "checkId": .string(format: "uuid"), "check": .string(), "subject": .string(),
            "status": .string(enumeration: CheckStatus.allCases.map(\.rawValue)), "openedAt": .string(format: "date-time"),
            "closedAt": .string(format: "date-time"), "secondsInMonth": .integer(minimum: 0),
        ], required: ["alertId", "checkId", "check", "subject", "status", "openedAt", "secondsInMonth"])
}

/// The monthly uptime report as the API answers it (`GET /api/v1/uptime`).
struct UptimeReportDTO: Vapor.Content {
    let month: String
    let from: Date
    let to: Date
    let sites: [UptimeLineDTO]
    let subjects: [UptimeLineDTO]
    let checks: [UptimeLineDTO]
    let incidents: [UptimeIncidentDTO]

    static let schema = JSONSchema.object(
        properties: [
            "month": .string(), "from": .string(format: "date-time"), "to": .string(format: "date-time"),
            "sites": .array(.ref("UptimeLine")), "subjects": .array(.ref("UptimeLine")), "checks": .array(.ref("UptimeLine")),
            "incidents": .array(.ref("UptimeIncident")),
        ], required: ["month", "from", "to", "sites", "subjects", "checks", "incidents"])
}
