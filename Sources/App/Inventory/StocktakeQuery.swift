import Domain
import Foundation
import Vapor

/// What the stocktake page and the API read from the query string: how many months unseen, and which site.
enum StocktakeQuery {
    static func months(_ req: Request) throws -> Int {
        let months = (try? req.query.get(Int.self, at: "months")) ?? 6
        guard (1...60).contains(months) else { throw ValidationFailure([FieldError(field: "months", code: .outOfRange)]) }
        return months
    }

    static func site(_ req: Request) throws -> UUID? {
        guard let raw = req.query[String.self, at: "site"]?.nilIfEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else { throw ValidationFailure([FieldError(field: "site", code: .invalid)]) }
        return id
    }
}
