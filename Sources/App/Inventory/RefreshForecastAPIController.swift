import Domain
import Foundation
import Vapor

/// The refresh forecast in the JSON API.
struct RefreshForecastAPIController: Sendable {
    func forecast(_ req: Request) async throws -> Response {
        let (grouping, quarters) = try RefreshForecastQuery.parse(req)
        let result = try await RefreshForecastService.run(on: req.db, now: req.now, quarters: quarters)
        let forecast = result.forecast
        func list(_ totals: [FiscalQuarter: RefreshForecast.Total]) -> [RefreshForecastDTO.Quarter] {
            forecast.quarters.map { quarter in
                let total = totals[quarter] ?? RefreshForecast.Total()
                return .init(
                    quarter: quarter.label(result.calendar), count: total.count, unpriced: total.unpriced,
                    cost: total.amounts.map(MoneyDTO.init))
            }
        }
        // Group names for types are their codes here: the API speaks to machines.
        let groups = forecast.totals { result.group($0, by: grouping, typeLabel: \.rawValue) }
        return try .json(
            RefreshForecastDTO(
                today: result.today.description, grouping: grouping.rawValue, quarters: forecast.quarters.map { $0.label(result.calendar) },
                overdue: forecast.overdue, later: forecast.later, unknown: forecast.unknown, total: list(forecast.perQuarter),
                groups: groups.sorted { $0.key < $1.key }.map { .init(name: $0.key, quarters: list($0.value)) },
                due: forecast.due.map {
                    .init(
                        id: UUID(uuidString: $0.asset.id)!, tag: result.entries[$0.asset.id]?.tag ?? "", dueDate: $0.date.description,
                        reason: $0.reason.rawValue, quarter: $0.quarter.label(result.calendar), estimate: $0.estimate.map(MoneyDTO.init))
                }))
    }
}
