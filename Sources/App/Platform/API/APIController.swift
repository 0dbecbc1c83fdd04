import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The JSON API's handlers: decode, validate, call the service, map to a DTO.
struct APIController: Sendable {
    func me(_ req: Request) async throws -> Response {
        let principal = req.principal!
        guard let user = try await User.find(principal.userID, on: req.db) else { throw AppError.notFound }
        let actions = Action.allCases.filter { req.services.permissions.allows(principal.role, $0) }.map(\.rawValue)
        return try .json(MeDTO(user: UserDTO(user), actions: actions))
    }

    func listUsers(_ req: Request) async throws -> Response {
        let (items, total, query) = try await UserDirectory.list(req)
        return try .json(Page(items: items.map(UserDTO.init), total: total, query: query))
    }

    func createUser(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(CreateUserBody.self)
        let user = try await AccountService(app: req.application, actor: req.auditActor).create(
            .init(
                email: body.email, name: body.name, role: Role(rawValue: body.role)!, password: body.password,
                language: body.language.flatMap(Language.init(rawValue:))))
        let response = try Response.json(UserDTO(user), status: .created, version: user.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiUser.path(user.id!))
        return response
    }

    func getUser(_ req: Request) async throws -> Response {
        guard let user = try await User.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(UserDTO(user), version: user.version)
    }

    func updateUser(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(UpdateUserBody.self)
        let changes = AccountService.Changes(
            name: body.name, email: body.email, role: body.role.flatMap(Role.init(rawValue:)),
            language: body.language.map { Language(rawValue: $0) }, disabled: body.disabled)
        let user = try await AccountService(app: req.application, actor: req.auditActor).update(id, expectedVersion: version, changes)
        return try .json(UserDTO(user), version: user.version)
    }

    func listTokens(_ req: Request) async throws -> Response {
        let tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == req.principal!.userID).sort(\.$createdAt, .descending).all()
        return try .json(tokens.map(TokenDTO.init))
    }

    func createToken(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(CreateTokenBody.self)
        let (token, secret) = try await TokenService(app: req.application, actor: req.auditActor).create(
            userID: req.principal!.userID, label: body.label, scope: APIToken.Scope(rawValue: body.scope)!,
            expiresInDays: body.expiresInDays)
        return try .json(CreatedTokenDTO(token: TokenDTO(token), secret: secret), status: .created)
    }

    func revokeToken(_ req: Request) async throws -> Response {
        try await TokenService(app: req.application, actor: req.auditActor).revoke(try req.requireID(), ownerID: req.principal!.userID)
        return Response(status: .noContent)
    }

    func listAudit(_ req: Request) async throws -> Response {
        let (entries, total, query) = try await AuditQuery.list(req)
        return try .json(Page(items: entries.map(AuditEntryDTO.init), total: total, query: query))
    }

    func verifyAudit(_ req: Request) async throws -> Response {
        try .json(AuditVerificationDTO(try await req.application.auditSeal.verify(on: req.db)))
    }

    func getOrganisation(_ req: Request) async throws -> Response {
        let settings = try await OrganisationSettings.current(on: req.db)
        return try .json(OrganisationDTO(settings), version: settings.version)
    }

    func updateOrganisation(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(UpdateOrganisationBody.self)
        let settings = try await OrganisationSettingsService(app: req.application, actor: req.auditActor).update(
            expectedVersion: version,
            .init(
                name: body.name, defaultLanguage: body.defaultLanguage, timeZone: body.timeZone, defaultCurrency: body.defaultCurrency,
                fiscalYearStartMonth: body.fiscalYearStartMonth, assetTagPrefix: body.assetTagPrefix))
        return try .json(OrganisationDTO(settings), version: settings.version)
    }

    func roles(_ req: Request) async throws -> Response {
        let table = req.services.permissions
        return try .json(
            Role.allCases.map { role in RoleDTO(role: role, actions: Action.allCases.filter { table.allows(role, $0) }.map(\.rawValue)) })
    }

    func jobs(_ req: Request) async throws -> Response {
        try .json(try await Job.query(on: req.db).sort(\.$runAt).limit(500).all().map(JobDTO.init))
    }
}

/// The user list, shared by the page and the API: search, filter, sort, page.
enum UserDirectory {
    static let sorts: Set<String> = ["name", "email", "role", "createdAt", "lastSignInAt"]

    struct Filters: Content {
        var limit: Int?
        var offset: Int?
        var sort: String?
        var q: String?
        var role: String?
        var disabled: Bool?
    }

    static func list(_ req: Request) async throws -> (users: [User], total: Int, query: ListQuery) {
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort, allowedSorts: sorts, defaultSort: "name"
        ).get()
        if let role = filters.role, !role.isEmpty, Role(rawValue: role) == nil {
            throw ValidationFailure([FieldError(field: "role", code: .roleUnknown)])
        }
        var builder = User.query(on: req.db)
        if let text = filters.q?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            builder = builder.group(.or) { $0.containing(\.$name, text, on: req.db).containing(\.$email, text.lowercased(), on: req.db) }
        }
        if let role = filters.role, !role.isEmpty { builder = builder.filter(\.$roleRaw == role) }
        if let disabled = filters.disabled { builder = builder.filter(\.$disabled == disabled) }
        let total = try await builder.count()
        let direction: DatabaseQuery.Sort.Direction = query.descending ? .descending : .ascending
        switch query.sortField {
        case "email": builder = builder.sort(\.$email, direction)
        case "role": builder = builder.sort(\.$roleRaw, direction)
        case "createdAt": builder = builder.sort(\.$createdAt, direction)
        case "lastSignInAt": builder = builder.sort(\.$lastSignInAt, direction)
        default: builder = builder.sort(\.$name, direction)
        }
        let users = try await builder.sort(\.$id).range(query.offset..<(query.offset + query.limit)).all()
        return (users, total, query)
    }
}

/// The audit list, shared by the page and the API.
enum AuditQuery {
    struct Filters: Content {
        var limit: Int?
        var offset: Int?
        var sort: String?
        var action: String?
        var actor: String?
        var entityType: String?
        var entityId: String?
    }

    static func list(_ req: Request) async throws -> (entries: [AuditEntry], total: Int, query: ListQuery) {
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort ?? "-sequence", allowedSorts: ["sequence"],
            defaultSort: "sequence"
        ).get()
        var builder = AuditEntry.query(on: req.db)
        if let action = filters.action, !action.isEmpty { builder = builder.filter(\.$action == action) }
        if let actor = filters.actor?.trimmingCharacters(in: .whitespaces).lowercased(), !actor.isEmpty {
            // By the e-mail address the entry keeps, or by the name the page shows for it.
            let named = try await User.query(on: req.db).containing(\.$name, actor, on: req.db).all().compactMap { $0.id?.uuidString }
            builder = builder.group(.or) { either in
                either.containing(\.$actorLabel, actor, on: req.db)
                if !named.isEmpty { either.filter(\.$actorID ~~ named) }
            }
        }
        if let type = filters.entityType, !type.isEmpty { builder = builder.filter(\.$entityType == type) }
        if let id = filters.entityId, !id.isEmpty { builder = builder.filter(\.$entityID == id) }
        let total = try await builder.count()
        let entries = try await builder.sort(\.$id, query.descending ? .descending : .ascending)
            .range(query.offset..<(query.offset + query.limit)).all()
        return (entries, total, query)
    }
}

extension QueryBuilder {
    /// Case-insensitive "contains": SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE.
    /// The one place the two dialects differ for text search at this size.
    @discardableResult
    func containing<Field: QueryableProperty>(_ field: KeyPath<Model, Field>, _ text: String, on db: any Database) -> Self
    where Field.Model == Model, Field.Value == String {
        // "%" is removed rather than escaped (SQLite's LIKE has no default escape character); "_" stays a one-character
        // wildcard, which only widens a match by the character it stands for.
        let pattern = "%\(text.replacingOccurrences(of: "%", with: ""))%"
        if (db as? any SQLDatabase)?.dialect.name == "postgresql" {
            return filter(field, .custom("ILIKE"), pattern)
        }
        return filter(field, .custom("LIKE"), pattern)
    }
}
