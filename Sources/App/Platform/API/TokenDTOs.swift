import Domain
import Foundation
import Vapor

struct TokenDTO: Content {
    let id: UUID
    let label: String
    let scope: String
    let createdAt: Date
    let expiresAt: Date?
    let lastUsedAt: Date?
    let revokedAt: Date?

    init(_ token: APIToken) {
        id = token.id!
        label = token.label
        scope = token.scopeRaw
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        lastUsedAt = token.lastUsedAt
        revokedAt = token.revokedAt
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "label": .string(), "scope": .string(enumeration: ["read", "read-write"]),
            "createdAt": .string(format: "date-time"), "expiresAt": .nullable(.string(format: "date-time")),
            "lastUsedAt": .nullable(.string(format: "date-time")), "revokedAt": .nullable(.string(format: "date-time")),
        ], required: ["id", "label", "scope", "createdAt"])
}

struct CreatedTokenDTO: Content {
    let token: TokenDTO
    /// The secret, shown this once.
    let secret: String

    static let schema = JSONSchema.object(properties: ["token": .ref("Token"), "secret": .string()], required: ["token", "secret"])
}

struct CreateTokenBody: APIRequestBody {
    let label: String
    let scope: String
    let expiresInDays: Int?

    static let fieldNames: Set<String> = ["label", "scope", "expiresInDays"]

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let error = Validate.required(label, field: "label", maxLength: 100) { errors.append(error) }
        if APIToken.Scope(rawValue: scope) == nil { errors.append(FieldError(field: "scope", code: .invalid)) }
        if let days = expiresInDays, !(1...3650).contains(days) { errors.append(FieldError(field: "expiresInDays", code: .outOfRange)) }
        return errors
    }

    static let schema = JSONSchema.object(
        properties: [
            "label": .string(), "scope": .string(enumeration: ["read", "read-write"]), "expiresInDays": .integer(minimum: 1, maximum: 3650),
        ], required: ["label", "scope"])
}
