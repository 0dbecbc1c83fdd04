import Domain
import Fluent
import Foundation
import Vapor

struct ApplicationDTO: Content {
    let id: UUID
    let name: String
    let description: String
    let ownerId: UUID?
    let signInUrl: String
    let productId: UUID?
    let licenceId: UUID?
    let method: String
    let directoryGroups: [String]
    let instructions: String
    let audiences: [AccessAudience]
    let version: Int

    init(_ record: CompanyApp) {
        (id, name, description, ownerId) = (record.id!, record.name, record.details, record.ownerID)
        (signInUrl, productId, licenceId, method) = (record.signInURL, record.productID, record.licenceID, record.methodRaw)
        (directoryGroups, instructions, audiences, version) = (
            record.directoryGroups, record.instructions, record.audiences, record.version
        )
    }

    static let audienceSchema = JSONSchema.object(
        properties: [
            "kind": .string(enumeration: AccessAudience.kinds),
            "value": .string(),
        ], required: ["kind"])
    static let fieldSchemas: [String: JSONSchema] = [
        "name": .string(), "description": .string(), "ownerId": .nullable(.string(format: "uuid")), "signInUrl": .string(),
        "productId": .nullable(.string(format: "uuid")), "licenceId": .nullable(.string(format: "uuid")),
        "method": .string(enumeration: AccessMethod.allCases.map(\.rawValue)), "directoryGroups": .array(.string()),
        "instructions": .string(), "audiences": .array(audienceSchema),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(["id": .string(format: "uuid"), "version": .integer(minimum: 1)]) { $1 },
        required: ["id", "name", "description", "signInUrl", "method", "directoryGroups", "instructions", "audiences", "version"])
}

struct ApplicationBody: APIRequestBody {
    let name: String?
    let description: String?
    let ownerId: UUID?
    let signInUrl: String?
    let productId: UUID?
    let licenceId: UUID?
    let method: String?
    let directoryGroups: [String]?
    let instructions: String?
    /// Decoded kind by kind: an unknown kind or a malformed value is a field error, not a broken body.
    let audiences: [AudienceBody]?

    struct AudienceBody: Decodable, Sendable {
        let kind: String
        let value: String?
    }

    static let fieldNames = Set(ApplicationDTO.fieldSchemas.keys)
    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let method, AccessMethod(rawValue: method) == nil { errors.append(FieldError(field: "method", code: .invalid)) }
        if let audiences, audiences.contains(where: { AccessAudience(kind: $0.kind, value: $0.value ?? "") == nil }) {
            errors.append(FieldError(field: "audiences", code: .invalid))
        }
        return errors
    }

    func merged(over base: CompanyApp?, present: Set<String>) -> AppCatalogueService.AppInput {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return .init(
            name: pick("name", name, base?.name) ?? "", description: pick("description", description, base?.details) ?? "",
            ownerID: pick("ownerId", ownerId, base?.ownerID), signInURL: pick("signInUrl", signInUrl, base?.signInURL) ?? "",
            productID: pick("productId", productId, base?.productID), licenceID: pick("licenceId", licenceId, base?.licenceID),
            method: pick("method", method.flatMap(AccessMethod.init(rawValue:)), base?.method) ?? .manual,
            directoryGroups: pick("directoryGroups", directoryGroups, base?.directoryGroups) ?? [],
            instructions: pick("instructions", instructions, base?.instructions) ?? "",
            audiences: pick(
                "audiences", audiences?.compactMap { AccessAudience(kind: $0.kind, value: $0.value ?? "") }, base?.audiences) ?? [])
    }

    static let schema = JSONSchema.object(properties: ApplicationDTO.fieldSchemas, required: ["name"])
}

struct AccessGrantDTO: Content {
    let id: UUID
    let applicationId: UUID
    let employeeId: UUID
    let method: String
    let byDefault: Bool
    let note: String
    let grantedAt: Date
    let grantedBy: String
    let revokedAt: Date?
    let revokedBy: String?
    let revokeNote: String?

    init(_ grant: AccessGrant) {
        (id, applicationId, employeeId, method, byDefault) = (grant.id!, grant.appID, grant.employeeID, grant.methodRaw, grant.byDefault)
        (note, grantedAt, grantedBy) = (grant.note, grant.grantedAt, grant.grantedBy)
        (revokedAt, revokedBy, revokeNote) = (grant.revokedAt, grant.revokedBy, grant.revokeNote)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "applicationId": .string(format: "uuid"), "employeeId": .string(format: "uuid"),
            "method": .string(enumeration: AccessMethod.allCases.map(\.rawValue)), "byDefault": .boolean, "note": .string(),
            "grantedAt": .string(format: "date-time"), "grantedBy": .string(), "revokedAt": .nullable(.string(format: "date-time")),
            "revokedBy": .nullable(.string()), "revokeNote": .nullable(.string()),
        ],
        required: ["id", "applicationId", "employeeId", "method", "byDefault", "note", "grantedAt", "grantedBy"])
}

struct GrantBody: APIRequestBody {
    let employeeId: UUID?
    let note: String?

    static let fieldNames: Set<String> = ["employeeId", "note"]
    func validate() -> [FieldError] { employeeId == nil ? [FieldError(field: "employeeId", code: .required)] : [] }
    static let schema = JSONSchema.object(properties: ["employeeId": .string(format: "uuid"), "note": .string()], required: ["employeeId"])
}

struct RevokeBody: APIRequestBody {
    let note: String?

    static let fieldNames: Set<String> = ["note"]
    func validate() -> [FieldError] { [] }
    static let schema = JSONSchema.object(properties: ["note": .string()], required: [])
}

/// The applications catalogue and access in the JSON API.
struct AppCatalogueAPIController: Sendable {
    func service(_ req: Request) -> AppCatalogueService { AppCatalogueService(app: req.application, actor: req.auditActor) }

    func list(_ req: Request) async throws -> Response {
        try .json(try await CompanyApp.query(on: req.db).sort(\.$nameKey).all().map(ApplicationDTO.init))
    }

    func create(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(ApplicationBody.self)
        let record = try await service(req).create(body.merged(over: nil, present: present))
        let response = try Response.json(ApplicationDTO(record), status: .created, version: record.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiApplication.path(record.id!))
        return response
    }

    func get(_ req: Request) async throws -> Response {
        guard let record = try await CompanyApp.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(ApplicationDTO(record), version: record.version)
    }

    func update(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(ApplicationBody.self)
        guard let current = try await CompanyApp.find(id, on: req.db) else { throw AppError.notFound }
        let record = try await service(req).update(id, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(ApplicationDTO(record), version: record.version)
    }

    func grants(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await CompanyApp.find(id, on: req.db) != nil else { throw AppError.notFound }
        return try .json(
            try await AccessGrant.query(on: req.db).filter(\.$appID == id).sort(\.$grantedAt, .descending).all().map(AccessGrantDTO.init))
    }

    func grant(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let body = try req.decodeStrict(GrantBody.self)
        let grants = try await service(req).grant(id, to: [body.employeeId!], note: body.note ?? "")
        return try .json(AccessGrantDTO(grants[0]), status: .created)
    }

    func revoke(_ req: Request) async throws -> Response {
        let (id, body) = (try req.requireID(), try req.decodeStrict(RevokeBody.self))
        do {
            return try .json(AccessGrantDTO(try await service(req).revoke(id, note: body.note ?? "")))
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            // Taken away already: nothing changes, and the answer is the grant as it is.
            guard let grant = try await AccessGrant.find(id, on: req.db) else { throw AppError.notFound }
            return try .json(AccessGrantDTO(grant))
        }
    }

    func employeeAccess(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await Employee.find(id, on: req.db) != nil else { throw AppError.notFound }
        return try .json(
            try await AccessGrant.query(on: req.db).filter(\.$employeeID == id).sort(\.$grantedAt, .descending).all().map(
                AccessGrantDTO.init))
    }
}

enum AppCatalogueAPIDocs {
    static let list = APIDoc(summary: "Every application of the catalogue, by name.", response: .array(.ref("Application")))
    static let create = APIDoc(
        summary: "Record an application; names are unique without regard to case.", requestBody: .ref("ApplicationBody"),
        response: .ref("Application"), successStatus: 201)
    static let get = APIDoc(summary: "One application; the ETag is its version.", response: .ref("Application"))
    static let update = APIDoc(
        summary: "Change an application (If-Match: its version); fields left out keep their values.", requestBody: .ref("ApplicationBody"),
        response: .ref("Application"), conditional: true)
    static let grants = APIDoc(
        summary: "Who has and had access to the application, newest first; a grant taken away has revokedAt.",
        response: .array(.ref("AccessGrant")))
    static let grant = APIDoc(
        summary: "Give an employee access; refused (422, employeeId taken) when they have it already.", requestBody: .ref("GrantBody"),
        response: .ref("AccessGrant"), successStatus: 201)
    static let revoke = APIDoc(
        summary: "Take access away; the grant is kept with when, by whom and why. Taking away what was taken away already changes nothing.",
        requestBody: .ref("RevokeBody"), response: .ref("AccessGrant"))
    static let employeeAccess = APIDoc(
        summary: "An employee's access to the company's applications, current and taken away, newest first.",
        response: .array(.ref("AccessGrant")))

    static let schemas: [String: JSONSchema] = [
        "Application": ApplicationDTO.schema, "ApplicationBody": ApplicationBody.schema, "AccessGrant": AccessGrantDTO.schema,
        "GrantBody": GrantBody.schema, "RevokeBody": RevokeBody.schema,
    ]
}
