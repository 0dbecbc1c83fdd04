import Domain
import Foundation
import Vapor

/// The search behind the box in every page's header, in the JSON API.
struct SearchAPIController: Sendable {
    func search(_ req: Request) async throws -> Response {
        let text = req.query[String.self, at: "q"] ?? ""
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationFailure([FieldError(field: "q", code: .required)])
        }
        guard let terms = SearchTerms(text) else { throw ValidationFailure([FieldError(field: "q", code: .tooLong)]) }
        return try .json(try await GlobalSearch.run(terms, includePeople: req.may(.readPeople), on: req.db))
    }
}
