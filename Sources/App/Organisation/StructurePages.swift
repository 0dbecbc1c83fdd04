import Domain
import Fluent
import Foundation
import Vapor

/// The org chart and the forms for departments, sites (with rooms) and cost centres.
struct StructurePages: Sendable {
    func structure(_ req: Request) -> StructureService { StructureService(app: req.application, actor: req.auditActor) }
}

extension Employee {
    /// The employee a form names by number; nil for an empty field, a field error for an unknown number.
    static func byNumber(_ text: String, field: String, on db: any Database) async throws -> Employee? {
        let number = text.trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty else { return nil }
        guard let employee = try await Employee.query(on: db).filter(\.$employeeNumber == number).first() else {
            throw ValidationFailure([FieldError(field: field, code: .notFound)])
        }
        return employee
    }
}
