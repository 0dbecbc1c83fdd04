import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

struct MaintenanceWindowDTO: Content {
    let id: UUID
    let name: String
    let scope: MaintenanceWindow.Scope
    let scopeId: UUID
    let starts: String
    let durationMinutes: Int
    let timeZone: String
    let rrule: String
    /// The next window that has not ended, in UTC.
    let nextStart: Date?
    let nextEnd: Date?
    let version: Int

    init(_ window: MaintenanceWindow, now: Date) {
        (id, name, scope, scopeId, starts) = (window.id!, window.name, window.scope, window.scopeID, window.startsLocal)
        (durationMinutes, timeZone, rrule, version) = (window.durationMinutes, window.timeZoneID, window.rrule, window.version)
        let next = MaintenanceCalendar.schedule(window)?.windows(overlapping: DateInterval(start: now, duration: 400 * 86400), limit: 1)
            .first
        (nextStart, nextEnd) = (next?.start, next?.end)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "name": .string(),
            "scope": .string(enumeration: MaintenanceWindow.Scope.allCases.map(\.rawValue)),
            "scopeId": .string(format: "uuid"), "starts": .string(), "durationMinutes": .integer(minimum: 1), "timeZone": .string(),
            "rrule": .string(), "nextStart": .string(format: "date-time"), "nextEnd": .string(format: "date-time"),
            "version": .integer(minimum: 1),
        ], required: ["id", "name", "scope", "scopeId", "starts", "durationMinutes", "timeZone", "rrule", "version"])
}

struct MaintenanceWindowBody: APIRequestBody {
    let name: String
    let scope: String
    let scopeId: UUID?
    let starts: String
    let durationMinutes: Int
    let timeZone: String?
    let rrule: String?

    static let fieldNames: Set<String> = ["name", "scope", "scopeId", "starts", "durationMinutes", "timeZone", "rrule"]
    func validate() -> [FieldError] { [] }  // CheckService.WindowInput.validate.
}
