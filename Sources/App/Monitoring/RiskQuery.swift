import Domain
import Foundation
import Vapor

/// The risk list a page or an API call shows.
enum RiskQuery {
    /// The risks within the horizon, 500 at most, in the organisation's time zone.
    static func list(_ req: Request) async throws -> (RiskList, TimeZone) {
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        return (try await RiskList.build(now: req.now, zone: zone, limit: 500, on: req.db), zone)
    }
}
