import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The caller's own API tokens.
extension APIController {
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
}
