import Domain
import Fluent
import Foundation
import Vapor

/// The profile's API tokens: creating one (its secret shown once) and revoking one.
extension WebController {
    struct TokenForm: Content {
        var label: String
        var scope: String
        var expiresInDays: Int?
    }

    func createToken(_ req: Request) async throws -> Response {
        let form = try req.content.decode(TokenForm.self)
        guard let scope = APIToken.Scope(rawValue: form.scope) else {
            let messages = req.fieldMessages(ValidationFailure([FieldError(field: "scope", code: .invalid)]))
            return try await renderProfile(req, status: .unprocessableEntity) { $0.tokenErrors = messages }
        }
        return try await req.submit {
            let (_, secret) = try await TokenService(app: req.application, actor: req.auditActor).create(
                userID: req.principal!.userID, label: form.label, scope: scope, expiresInDays: form.expiresInDays)
            return try await renderProfile(req, status: .created) { $0.newTokenSecret = secret }
        } invalid: { failure in
            let messages = req.fieldMessages(failure)
            return try await renderProfile(req, status: .unprocessableEntity) {
                $0.tokenErrors = messages
                $0.tokenLabel = form.label
            }
        }
    }

    func revokeToken(_ req: Request) async throws -> Response {
        try await TokenService(app: req.application, actor: req.auditActor).revoke(try req.requireID(), ownerID: req.principal!.userID)
        return req.redirect(to: Paths.profile.path + "?done=token_revoked", redirectType: .normal)
    }
}
