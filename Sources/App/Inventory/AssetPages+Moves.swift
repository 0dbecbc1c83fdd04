import Domain
import Fluent
import Foundation
import Vapor

/// Moving an asset from its page: check-out, check-in and the other statuses.
extension AssetPages {
    struct MoveForm: Content {
        var status = ""
        var reason = ""
        var employeeNumber = ""
        var siteId = ""
        var disposalMethod = ""
        var dataWipeConfirmed = false
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (status, reason, employeeNumber, siteId) = (form["status"], form["reason"], form["employeeNumber"], form["siteId"])
            (disposalMethod, dataWipeConfirmed, version) = (form["disposalMethod"], form["dataWipeConfirmed"] == "on", form.version)
        }
    }

    /// One form handler for every move: check-out (deployed, with an employee number or a site), check-in and the rest.
    func move(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(MoveForm.self)
        return try await req.submit {
            var holder: AssetService.Holder?
            if let employee = try await Employee.byNumber(form.employeeNumber, field: "employeeNumber", on: req.db) {
                holder = .employee(employee.id!)
            } else if let site = UUID(uuidString: form.siteId) {
                holder = .site(site)
            }
            _ = try await service(req).move(
                id, expectedVersion: form.version ?? 0,
                .init(
                    to: form.status, reason: form.reason, holder: holder, disposalMethod: form.disposalMethod,
                    dataWipeConfirmed: form.dataWipeConfirmed))
            return req.redirect(to: Paths.hardwareAsset.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            // The form names the holder by employee number; the service speaks of the assignee.
            let errors = failure.errors.map { $0.field == "assignee" ? FieldError(field: "employeeNumber", code: $0.code) : $0 }
            return try await detailPage(req, id: id, form: form, errors: ValidationFailure(errors), status: .unprocessableEntity)
        } stale: {
            return try await detailPage(req, id: id, form: MoveForm(), errors: nil, stale: true, status: .conflict)
        }
    }
}
