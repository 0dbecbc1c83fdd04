import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// Maintenance windows: when notices about an asset, a site or a check are held back.
extension CheckService {
    struct WindowInput: Sendable {
        var name: String
        var scope: String
        var scopeID: UUID?
        var starts: String
        var durationMinutes: Int
        var timeZone: String
        var rrule: String = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name")].compactMap { $0 }
            if MaintenanceWindow.Scope(rawValue: scope) == nil { errors.append(FieldError(field: "scope", code: .invalid)) }
            if scopeID == nil { errors.append(FieldError(field: "scopeId", code: .required)) }
            let zone = TimeZone(identifier: timeZone)
            if zone == nil { errors.append(FieldError(field: "timeZone", code: .timeZoneUnknown)) }
            if let zone, MaintenanceCalendar.localStart(starts, in: zone) == nil {
                errors.append(FieldError(field: "starts", code: .dateTimeInvalid))
            }
            if !(1...(14 * 1440)).contains(durationMinutes) { errors.append(FieldError(field: "durationMinutes", code: .outOfRange)) }
            if !rrule.isEmpty, (try? Recurrence.parse(rrule)) == nil { errors.append(FieldError(field: "rrule", code: .invalid)) }
            return errors
        }
    }

    func createWindow(_ input: WindowInput) async throws -> MaintenanceWindow {
        try InputCheck.check(input.validate())
        let window = MaintenanceWindow()
        window.id = UUID()
        (window.name, window.scopeRaw, window.scopeID) = (input.name.trimmingCharacters(in: .whitespaces), input.scope, input.scopeID!)
        (window.startsLocal, window.durationMinutes, window.timeZoneID) = (
            input.starts.replacingOccurrences(of: " ", with: "T"), input.durationMinutes, input.timeZone
        )
        window.rrule = input.rrule.trimmingCharacters(in: .whitespaces).uppercased()
        window.createdAt = app.services.clock.now()
        return try await app.createAudited(window, actor: actor) { db in
            let exists: Bool
            switch window.scope {
            case .asset: exists = try await Asset.find(window.scopeID, on: db) != nil
            case .site: exists = try await Site.find(window.scopeID, on: db) != nil
            case .check: exists = try await Check.find(window.scopeID, on: db) != nil
            }
            if !exists { throw ValidationFailure([FieldError(field: "scopeId", code: .notFound)]) }
        }
    }

    func deleteWindow(_ id: UUID) async throws {
        try await app.deleteAudited(MaintenanceWindow.self, id: id, expectedVersion: nil, actor: actor)
    }
}
