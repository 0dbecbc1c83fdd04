import Domain
import Foundation
import Vapor

struct UserDTO: Content {
    let id: UUID
    let email: String
    let name: String
    let role: Role
    let language: Language?
    let disabled: Bool
    let version: Int
    let createdAt: Date
    let updatedAt: Date
    let lastSignInAt: Date?

    init(_ user: User) {
        id = user.id!
        email = user.email
        name = user.name
        role = user.role
        language = user.language
        disabled = user.disabled
        version = user.version
        createdAt = user.createdAt
        updatedAt = user.updatedAt
        lastSignInAt = user.lastSignInAt
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "email": .string(format: "email"), "name": .string(),
            "role": .string(enumeration: Role.allCases.map(\.rawValue)),
            "language": .nullable(.string(enumeration: Language.allCases.map(\.rawValue))), "disabled": .boolean,
            "version": .integer(minimum: 1), "createdAt": .string(format: "date-time"), "updatedAt": .string(format: "date-time"),
            "lastSignInAt": .nullable(.string(format: "date-time")),
        ], required: ["id", "email", "name", "role", "disabled", "version", "createdAt", "updatedAt"])
}

struct CreateUserBody: APIRequestBody {
    let email: String
    let name: String
    let role: String
    let password: String
    let language: String?

    static let fieldNames: Set<String> = ["email", "name", "role", "password", "language"]

    func validate() -> [FieldError] {
        var errors = [Validate.email(email), Validate.required(name, field: "name")].compactMap { $0 }
        if Role(rawValue: role) == nil { errors.append(FieldError(field: "role", code: .roleUnknown)) }
        if let language, Language(rawValue: language) == nil { errors.append(FieldError(field: "language", code: .languageUnknown)) }
        return errors
    }

    static let schema = JSONSchema.object(
        properties: [
            "email": .string(format: "email"), "name": .string(), "role": .string(enumeration: Role.allCases.map(\.rawValue)),
            "password": .string(), "language": .string(enumeration: Language.allCases.map(\.rawValue)),
        ], required: ["email", "name", "role", "password"])
}

struct UpdateUserBody: APIRequestBody {
    let email: String?
    let name: String?
    let role: String?
    let language: String?
    let disabled: Bool?

    static let fieldNames: Set<String> = ["email", "name", "role", "language", "disabled"]

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let email, let error = Validate.email(email) { errors.append(error) }
        if let name, let error = Validate.required(name, field: "name") { errors.append(error) }
        if let role, Role(rawValue: role) == nil { errors.append(FieldError(field: "role", code: .roleUnknown)) }
        if let language, !language.isEmpty, Language(rawValue: language) == nil {
            errors.append(FieldError(field: "language", code: .languageUnknown))
        }
        return errors
    }

    static let schema = JSONSchema.object(
        properties: [
            "email": .string(format: "email"), "name": .string(), "role": .string(enumeration: Role.allCases.map(\.rawValue)),
            "language": .string(enumeration: Language.allCases.map(\.rawValue) + [""]), "disabled": .boolean,
        ], required: [])
}

struct RoleDTO: Content {
    let role: Role
    let actions: [String]

    static let schema = JSONSchema.object(
        properties: ["role": .string(enumeration: Role.allCases.map(\.rawValue)), "actions": .array(.string())],
        required: ["role", "actions"])
}

struct MeDTO: Content {
    let user: UserDTO
    let actions: [String]

    static let schema = JSONSchema.object(properties: ["user": .ref("User"), "actions": .array(.string())], required: ["user", "actions"])
}
