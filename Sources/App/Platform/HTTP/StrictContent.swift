import Domain
import Foundation
import Vapor

/// An API request body. Decoding checks the content type (415), that the JSON parses (400), that it carries no
/// field the type does not know (400), then the type's own validation, reporting every failing field (422).
protocol APIRequestBody: Decodable, Sendable {
    static var fieldNames: Set<String> { get }
    func validate() -> [FieldError]
}

extension Request {
    func decodeStrict<Body: APIRequestBody>(_ type: Body.Type) throws -> Body {
        try decodeStrictWithKeys(type).body
    }

    /// Decodes like `decodeStrict`, and also says which fields the body named (so `null` can clear a field in a PATCH).
    func decodeStrictWithKeys<Body: APIRequestBody>(_ type: Body.Type) throws -> (body: Body, present: Set<String>) {
        guard let contentType = headers.contentType, contentType.type == "application",
            contentType.subType == "json" || contentType.subType.hasSuffix("+json")
        else { throw AppError.unsupportedMediaType }
        guard let buffer = body.data, let data = buffer.getData(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw AppError.malformedBody
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw AppError.malformedBody
        }
        let unknown = Set(object.keys).subtracting(Body.fieldNames)
        if !unknown.isEmpty { throw AppError.unknownFields(Array(unknown)) }
        let decoded: Body
        do {
            decoded = try JSONDecoder().decode(Body.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw AppError.invalid(ValidationFailure([FieldError(field: key.stringValue, code: .required)]))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw AppError.invalid(ValidationFailure([FieldError(field: field, code: .invalid)]))
        } catch {
            throw AppError.malformedBody
        }
        let errors = decoded.validate()
        if !errors.isEmpty { throw AppError.invalid(ValidationFailure(errors)) }
        return (decoded, Set(object.keys))
    }

    /// The version a client read, from `If-Match` (`"3"` or `W/"3"`). 428 when absent: updates are never blind.
    func requiredIfMatchVersion() throws -> Int {
        guard let raw = headers.first(name: .ifMatch) else { throw AppError.preconditionRequired }
        let digits = raw.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard let version = Int(digits) else { throw AppError.preconditionFailed }
        return version
    }

    /// The version from `If-Match` when the client sent one: a delete may be unconditional, but a stale one is refused.
    func optionalIfMatchVersion() throws -> Int? {
        headers.first(name: .ifMatch) == nil ? nil : try requiredIfMatchVersion()
    }
}

extension Response {
    /// A JSON response with the entity's version as its ETag.
    static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok, version: Int? = nil) throws -> Response {
        let response = Response(status: status)
        try response.content.encode(value, using: JSONEncoder.api)
        if let version { response.headers.replaceOrAdd(name: .eTag, value: "\"\(version)\"") }
        return response
    }
}

extension JSONEncoder {
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
