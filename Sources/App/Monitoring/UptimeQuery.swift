import Domain
import Foundation
import Vapor

/// The uptime report a page or an API call asks for.
enum UptimeQuery {
    /// The month asked for (the current one when none is), or a problem naming `month`.
    static func report(_ req: Request) async throws -> (UptimeReport, TimeZone) {
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let text = try? req.query.get(String.self, at: "month")
        let month =
            try text.map { text in
                guard let month = CalendarMonth(text) else { throw ValidationFailure([FieldError(field: "month", code: .invalid)]) }
                return month
            } ?? CalendarMonth(containing: req.now, in: zone)
        guard let report = try await UptimeReport.build(month: month, zone: zone, now: req.now, on: req.db) else {
            throw ValidationFailure([FieldError(field: "month", code: .outOfRange)])
        }
        return (report, zone)
    }
}
