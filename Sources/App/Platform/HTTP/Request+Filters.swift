import Domain
import Vapor

extension Request {
    /// A list's query parameters, decoded in the one way every list (page or API) shares:
    /// - an empty value is no value: a filter left at "All" arrives as `site=` and means no filter, and an empty
    ///   `limit=` or `offset=` means the default;
    /// - a value that is not of the parameter's type (`site=abc`, an offset beyond `Int`) is a 422 naming the
    ///   parameter, never a 400 about the request body.
    func filters<Filters: Decodable>(_ type: Filters.Type) throws -> Filters {
        var url = self.url
        url.query = url.query.map(Self.withoutEmptyValues)
        do {
            return try URLEncodedFormDecoder().decode(Filters.self, from: url)
        } catch let error as DecodingError {
            throw ValidationFailure([FieldError(field: Self.parameter(of: error), code: .invalid)])
        }
    }

    /// The query string without `name=` pairs whose value is empty.
    static func withoutEmptyValues(_ query: String) -> String {
        query.split(separator: "&").filter { pair in
            guard let equals = pair.firstIndex(of: "=") else { return true }
            return pair.index(after: equals) != pair.endIndex
        }.joined(separator: "&")
    }

    private static func parameter(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        @unknown default: path = []
        }
        return path.map(\.stringValue).joined(separator: ".").nilIfEmpty ?? "query"
    }
}

/// The paging parameters alone, for lists that filter by nothing else.
struct Paging: Decodable {
    var limit: Int?
    var offset: Int?
}
