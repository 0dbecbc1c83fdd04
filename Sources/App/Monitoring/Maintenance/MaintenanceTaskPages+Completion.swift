import Domain
import Fluent
import Foundation
import Vapor

/// Recording a task done: the form's values as typed, and the page again when refused or stale.
extension MaintenanceTaskPages {
    struct CompleteForm: Content {
        var values: [String: String] = [:]
        var version: Int?

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            values = form.fields(prefixed: "")
            version = form.version
        }

        init() {}

        subscript(_ name: String) -> String { values[name] ?? "" }
    }

    func complete(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(CompleteForm.self)
        guard let task = try await MaintenanceTask.find(id, on: req.db) else { throw AppError.notFound }
        let count = task.steps.count
        return try await req.submit {
            guard let result = MaintenanceCompletion.Result(rawValue: form["result"]) else {
                throw ValidationFailure([FieldError(field: "result", code: .invalid)])
            }
            let principal = req.principal!
            _ = try await service(req).complete(
                id, expectedVersion: form.version ?? 0, result: result, passed: (0..<count).map { form["step.\($0 + 1).done"] == "on" },
                values: (0..<count).map { form["step.\($0 + 1).value"] }, notes: form["notes"], doneOn: CalendarDate(form["doneOn"]),
                performer: (principal.userID, principal.name))
            return req.redirect(to: Paths.task.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            // Someone recorded it meanwhile: show what they recorded, keep what this person typed.
            return try await detailPage(req, form: form, stale: true, status: .conflict)
        }
    }
}
