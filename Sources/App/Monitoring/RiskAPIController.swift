import Domain
import Foundation
import Vapor

/// `GET /api/v1/risks`: the fault forecasts and inventory dates, soonest first.
struct RiskAPIController: Sendable {
    func list(_ req: Request) async throws -> [RiskDTO] {
        let (list, _) = try await RiskQuery.list(req)
        return list.risks.map {
            RiskDTO(
                kind: $0.kind.rawValue, title: $0.title, link: $0.href, at: $0.when, metric: $0.metric?.rawValue, current: $0.current,
                threshold: $0.threshold, slopePerDay: $0.slopePerDay, fit: $0.fit, assetsInUse: $0.assets)
        }
    }
}
