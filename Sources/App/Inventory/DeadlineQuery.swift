import Domain
import Vapor

/// What the deadlines page and the API read from the query string: how many days ahead.
enum DeadlineQuery {
    static func days(_ req: Request) throws -> Int {
        let days = (try? req.query.get(Int.self, at: "days")) ?? 90
        guard (1...730).contains(days) else { throw ValidationFailure([FieldError(field: "days", code: .outOfRange)]) }
        return days
    }
}
