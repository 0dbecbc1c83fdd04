import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Guards one route with the action it declared. 401 (API) or a redirect to sign-in (pages) without a principal;
/// 403 when the role may not, or a read-only token tries to write; each denial is audited.
struct RequireAction: AsyncMiddleware {
    let action: Action

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let principal = request.principal else {
            if request.isAPI { throw AppError.unauthenticated }
            let target = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
            return request.redirect(
                to: Paths.signIn.path + "?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        let isWrite = ![.GET, .HEAD, .OPTIONS].contains(request.method)
        guard request.services.permissions.allows(principal.role, action) else {
            try await record(request, "auth.denied", ["action": AuditChange(before: nil, after: action.rawValue)])
            throw AppError.forbidden
        }
        if case .token(_, _, let scope) = principal.credential, isWrite {
            guard scope == .readWrite else {
                try await record(request, "auth.denied", ["scope": AuditChange(before: nil, after: "read")])
                throw AppError.tokenScope
            }
            try await record(request, "token.write", ["route": AuditChange(before: nil, after: "\(request.method) \(request.url.path)")])
        }
        return try await next.respond(to: request)
    }

    private func record(_ request: Request, _ auditAction: String, _ changes: [String: AuditChange]) async throws {
        let actor = request.auditActor
        let now = request.now
        try await request.application.write { db in
            try await AuditLog.append(
                on: db, actor: actor, action: auditAction, entityType: "route", entityID: request.url.path, changes: changes, at: now)
        }
    }
}
