import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// Running a check now, removing one, and renewing a heartbeat's token.
extension MonitorPages {
    func run(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await Check.find(id, on: req.db) != nil else { throw AppError.notFound }
        try await req.application.monitor.runNow([id])
        return req.redirect(to: Paths.check.path(id) + "?done=checked", redirectType: .normal)
    }

    func remove(_ req: Request) async throws -> Response {
        struct Form: Content { var version: Int? }
        let form = try req.content.decode(Form.self)
        let id = try req.requireID()
        return try await req.submit {
            try await service(req).delete(id, expectedVersion: form.version)
            return req.redirect(to: Paths.checks.path + "?done=removed", redirectType: .normal)
        } invalid: { failure in
            throw AppError.invalid(failure)
        }
    }

    func renewToken(_ req: Request) async throws -> Response {
        let check = try await service(req).renewToken(try req.requireID())
        return req.redirect(to: Paths.check.path(check.id!) + "?done=saved", redirectType: .normal)
    }
}
