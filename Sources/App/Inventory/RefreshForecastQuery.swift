import Domain
import Foundation
import Vapor

/// What the forecast page, its CSV and the API read from the query string: the grouping and the quarters ahead.
enum RefreshForecastQuery {
    struct Parameters: Vapor.Content {
        var group: String?
        var quarters: Int?
    }

    static func parse(_ req: Request) throws -> (RefreshForecastService.Grouping, Int) {
        let query = try req.filters(Parameters.self)
        var errors: [FieldError] = []
        let grouping = RefreshForecastService.Grouping(rawValue: query.group?.nilIfEmpty ?? "type")
        if grouping == nil { errors.append(FieldError(field: "group", code: .invalid)) }
        let quarters = query.quarters ?? 12
        if !(1...RefreshForecastService.maximumQuarters).contains(quarters) {
            errors.append(FieldError(field: "quarters", code: .outOfRange))
        }
        try InputCheck.check(errors)
        return (grouping!, quarters)
    }
}
