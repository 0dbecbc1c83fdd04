import Domain
import Fluent
import Foundation
import Vapor

/// Giving a licence's seats and taking them back.
extension LicencePages {
    struct AssignForm: Content {
        var employeeNumber: String?
        var assetTag: String?
    }

    func assign(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(AssignForm.self)
        return try await req.submit {
            _ = try await service(req).assign(licence: id, employeeNumber: form.employeeNumber, assetTag: form.assetTag)
            return req.redirect(to: Paths.licence.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    func unassign(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let assignment = try await LicenceAssignment.find(id, on: req.db) else { throw AppError.notFound }
        try await service(req).unassign(id)
        return req.redirect(to: Paths.licence.path(assignment.licenceID) + "?done=saved", redirectType: .normal)
    }
}
