import Domain
import Foundation
import Vapor

/// A page of a list, with the total so clients can show "1–50 of 1,234".
struct Page<Item: Content>: Content {
    let items: [Item]
    let total: Int
    let limit: Int
    let offset: Int
    let nextOffset: Int?
    /// True when the list counted no further than `total` (a search matching very many); absent when `total` is exact.
    let totalIsLowerBound: Bool?

    init(items: [Item], total: Int, query: ListQuery) { self.init(items: items, total: .exactly(total), query: query) }

    init(items: [Item], total: ListTotal, query: ListQuery) {
        let total = total.seen(offset: query.offset, shown: items.count, limit: query.limit)
        self.items = items
        self.total = total.count
        self.limit = query.limit
        self.offset = query.offset
        self.nextOffset = total.hasMore(offset: query.offset, shown: items.count, limit: query.limit) ? query.offset + items.count : nil
        self.totalIsLowerBound = total.isLowerBound ? true : nil
    }
}

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

struct AuditEntryDTO: Content {
    let sequence: Int64
    let occurredAt: Date
    let actorId: String?
    let actorLabel: String
    let action: String
    let entityType: String?
    let entityId: String?
    let changes: [String: AuditChange]
    let clientAddress: String?
    let hash: String

    init(_ entry: AuditEntry) {
        sequence = entry.id ?? 0
        occurredAt = entry.occurredAt
        actorId = entry.actorID
        actorLabel = entry.actorLabel
        action = entry.action
        entityType = entry.entityType
        entityId = entry.entityID
        changes = entry.changes ?? [:]
        clientAddress = entry.clientAddress
        hash = entry.hash
    }

    static let schema = JSONSchema.object(
        properties: [
            "sequence": .integer(minimum: 1), "occurredAt": .string(format: "date-time"), "actorId": .nullable(.string()),
            "actorLabel": .string(), "action": .string(), "entityType": .nullable(.string()), "entityId": .nullable(.string()),
            "changes": .anyObject(description: "Changed fields: name to {before, after}."), "clientAddress": .nullable(.string()),
            "hash": .string(),
        ], required: ["sequence", "occurredAt", "actorLabel", "action", "changes", "hash"])
}

struct AuditVerificationDTO: Content {
    let intact: Bool
    let entries: Int?
    let firstBrokenSequence: Int64?
    let problem: String?

    init(_ finding: AuditChain.Finding) {
        switch finding {
        case .intact(let count): (intact, entries, firstBrokenSequence, problem) = (true, count, nil, nil)
        case .altered(let sequence): (intact, entries, firstBrokenSequence, problem) = (false, nil, sequence, "altered")
        case .broken(let sequence): (intact, entries, firstBrokenSequence, problem) = (false, nil, sequence, "broken")
        case .truncated(let expected, _): (intact, entries, firstBrokenSequence, problem) = (false, nil, expected, "truncated")
        case .headForged(let sequence): (intact, entries, firstBrokenSequence, problem) = (false, nil, sequence, "head_forged")
        case .unsealed(let count): (intact, entries, firstBrokenSequence, problem) = (true, count, nil, "unsealed")
        }
    }

    static let schema = JSONSchema.object(
        properties: [
            "intact": .boolean, "entries": .nullable(.integer(minimum: 0)), "firstBrokenSequence": .nullable(.integer()),
            "problem": .nullable(.string(enumeration: ["altered", "broken", "truncated", "head_forged", "unsealed"])),
        ], required: ["intact"])
}

struct OrganisationDTO: Content {
    let name: String
    let defaultLanguage: String
    let timeZone: String
    let defaultCurrency: String
    let fiscalYearStartMonth: Int
    let assetTagPrefix: String
    let version: Int
    let updatedAt: Date

    init(_ settings: OrganisationSettings) {
        name = settings.name
        defaultLanguage = settings.defaultLanguage
        timeZone = settings.timeZone
        defaultCurrency = settings.defaultCurrency
        fiscalYearStartMonth = settings.fiscalYearStartMonth
        assetTagPrefix = settings.assetTagPrefix
        version = settings.version
        updatedAt = settings.updatedAt
    }

    static let schema = JSONSchema.object(
        properties: [
            "name": .string(), "defaultLanguage": .string(enumeration: Language.allCases.map(\.rawValue)), "timeZone": .string(),
            "defaultCurrency": .string(enumeration: Currency.all.map(\.code)), "fiscalYearStartMonth": .integer(minimum: 1, maximum: 12),
            "assetTagPrefix": .string(), "version": .integer(minimum: 1), "updatedAt": .string(format: "date-time"),
        ],
        required: [
            "name", "defaultLanguage", "timeZone", "defaultCurrency", "fiscalYearStartMonth", "assetTagPrefix", "version", "updatedAt",
        ])
}

struct UpdateOrganisationBody: APIRequestBody {
    let name: String?
    let defaultLanguage: String?
    let timeZone: String?
    let defaultCurrency: String?
    let fiscalYearStartMonth: Int?
    let assetTagPrefix: String?

    static let fieldNames: Set<String> = [
        "name", "defaultLanguage", "timeZone", "defaultCurrency", "fiscalYearStartMonth", "assetTagPrefix",
    ]

    func validate() -> [FieldError] { [] }  // Checked by OrganisationSettingsService, the one place for these rules.

    static let schema = JSONSchema.object(
        properties: [
            "name": .string(), "defaultLanguage": .string(enumeration: Language.allCases.map(\.rawValue)), "timeZone": .string(),
            "defaultCurrency": .string(enumeration: Currency.all.map(\.code)), "fiscalYearStartMonth": .integer(minimum: 1, maximum: 12),
            "assetTagPrefix": .string(),
        ],
        required: [])
}

struct RoleDTO: Content {
    let role: Role
    let actions: [String]

    static let schema = JSONSchema.object(
        properties: ["role": .string(enumeration: Role.allCases.map(\.rawValue)), "actions": .array(.string())],
        required: ["role", "actions"])
}

struct JobDTO: Content {
    let id: UUID
    let name: String
    let kind: String
    let schedule: String?
    let status: String
    let runAt: Date
    let attempts: Int
    let lastError: String?
    let lastRunAt: Date?
    let lastSuccessAt: Date?
    let leaseOwner: String?

    init(_ job: Job) {
        id = job.id!
        name = job.name
        kind = job.kindRaw
        schedule = job.schedule
        status = job.statusRaw
        runAt = job.runAt
        attempts = job.attempts
        lastError = job.lastError
        lastRunAt = job.lastRunAt
        lastSuccessAt = job.lastSuccessAt
        leaseOwner = job.leaseOwner
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "name": .string(), "kind": .string(enumeration: ["scheduled", "queued"]),
            "schedule": .nullable(.string()), "status": .string(enumeration: ["pending", "running", "done", "failed"]),
            "runAt": .string(format: "date-time"), "attempts": .integer(minimum: 0), "lastError": .nullable(.string()),
            "lastRunAt": .nullable(.string(format: "date-time")), "lastSuccessAt": .nullable(.string(format: "date-time")),
            "leaseOwner": .nullable(.string()),
        ], required: ["id", "name", "kind", "status", "runAt", "attempts"])
}

struct MeDTO: Content {
    let user: UserDTO
    let actions: [String]

    static let schema = JSONSchema.object(properties: ["user": .ref("User"), "actions": .array(.string())], required: ["user", "actions"])
}
