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
}
