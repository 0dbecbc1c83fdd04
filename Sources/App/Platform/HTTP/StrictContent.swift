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
        // JSON as RFC 8259 has it: UTF-8 only, and not another format that happens to be written in JSON (a JSON Patch
        // document means something else than the object it would decode as).
        guard let contentType = headers.contentType, contentType.type == "application", contentType.subType == "json",
            contentType.parameters["charset"].map({ ["utf-8", "utf8"].contains($0.lowercased()) }) ?? true
        else { throw AppError.unsupportedMediaType }
        guard let buffer = body.data, let data = buffer.getData(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw AppError.malformedBody
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw AppError.malformedBody
        }
        let unknown =
            route?.apiDoc?.requestBody.map {
                JSONBodyCheck.unknownMembers(of: object, in: $0, schemas: application.services.composition.apiSchemas)
            }
            ?? Array(Set(object.keys).subtracting(Body.fieldNames))
        if !unknown.isEmpty { throw AppError.unknownFields(unknown) }
        let controls = JSONBodyCheck.textsWithControlCharacters(in: object)
        if !controls.isEmpty { throw AppError.invalid(ValidationFailure(controls.map { FieldError(field: $0, code: .controlCharacters) })) }
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

/// Checks of a JSON body that its types cannot make: members at any depth that the documented schema does not
/// declare (refused rather than silently dropped), and texts holding control characters (refused rather than cut).
enum JSONBodyCheck {
    /// The paths (`purchaseCost.isAdmin`, `steps.2.colour`) of members the schema does not declare.
    static func unknownMembers(of value: Any, in schema: JSONSchema, schemas: [String: JSONSchema], path: String = "") -> [String] {
        func child(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        switch schema {
        case .object(let properties, _):
            guard let object = value as? [String: Any] else { return [] }
            return object.keys.sorted().flatMap { key -> [String] in
                guard let member = properties[key] else { return [child(key)] }
                return unknownMembers(of: object[key]!, in: member, schemas: schemas, path: child(key))
            }
        case .nullable(let inner): return unknownMembers(of: value, in: inner, schemas: schemas, path: path)
        case .array(let items):
            guard let array = value as? [Any] else { return [] }
            return array.enumerated().flatMap { unknownMembers(of: $1, in: items, schemas: schemas, path: child(String($0))) }
        case .ref(let name): return schemas[name].map { unknownMembers(of: value, in: $0, schemas: schemas, path: path) } ?? []
        case .string, .integer, .boolean, .number, .anyObject: return []
        }
    }

    /// The paths of texts, keys included, that hold a control character.
    static func textsWithControlCharacters(in value: Any, path: String = "") -> [String] {
        func child(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        switch value {
        case let text as String: return Validate.hasControlCharacters(text) ? [path] : []
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { key in
                Validate.hasControlCharacters(key) ? [child(key)] : textsWithControlCharacters(in: object[key]!, path: child(key))
            }
        case let array as [Any]: return array.enumerated().flatMap { textsWithControlCharacters(in: $1, path: child(String($0))) }
        default: return []
        }
    }
}
