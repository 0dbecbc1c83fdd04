import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Creating and changing an employee, the form shown again when refused, and marking one as having left.
extension EmployeePages {
    struct FormContent: Encodable {
        let action: String
        let isNew: Bool
        let form: Form
        let departments: [Choice]
        let sites: [Choice]
        let statuses: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    private func formPage(
        _ req: Request, _ form: Form, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let lookups = try await StructureNames.load(on: req.db)
        // The form names the manager by employee number; the service speaks of managerId.
        var messages = req.fieldMessages(errors)
        if let message = messages.removeValue(forKey: "managerId") { messages["managerNumber"] = message }
        let content = FormContent(
            action: id.map { Paths.employee.path($0) } ?? Paths.employees.path, isNew: id == nil, form: form,
            departments: lookups.departmentChoices(selected: UUID(uuidString: form.departmentId)),
            sites: lookups.siteChoices(selected: UUID(uuidString: form.siteId)),
            statuses: EmploymentStatus.allCases.map {
                Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == form.status)
            },
            errors: messages, stale: stale)
        return try await req.page(
            "organisation/employee-form", titleKey: id == nil ? "employees.new" : "employees.edit", content, status: status)
    }

    func new(_ req: Request) async throws -> Response {
        try await formPage(req, Form(), id: nil)
    }

    func edit(_ req: Request) async throws -> Response {
        guard let employee = try await Employee.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await formPage(req, try await Form(employee, on: req.db), id: employee.id)
    }

    func create(_ req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        return try await req.submit {
            let input = try await form.input(on: req.db, userID: nil)
            let employee = try await EmployeeService(app: req.application, actor: req.auditActor).create(input)
            return req.redirect(to: Paths.employee.path(employee.id!) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await formPage(req, form, id: nil, errors: failure, status: .unprocessableEntity)
        }
    }

    func update(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(Form.self)
        guard let current = try await Employee.find(id, on: req.db) else { throw AppError.notFound }
        return try await req.submit {
            let input = try await form.input(on: req.db, userID: current.userID)
            _ = try await EmployeeService(app: req.application, actor: req.auditActor).update(id, expectedVersion: form.version ?? 0, input)
            return req.redirect(to: Paths.employee.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await formPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let fresh = try await Employee.find(id, on: req.db) else { throw AppError.notFound }
            return try await formPage(req, try await Form(fresh, on: req.db), id: id, stale: true, status: .conflict)
        }
    }

    struct ArchiveForm: Content {
        var endDate: String?
        var version: Int
    }

    func archive(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(ArchiveForm.self)
        let end = form.endDate?.nilIfEmpty
        if let end, CalendarDate(end) == nil {
            throw AppError.invalid(ValidationFailure([FieldError(field: "endDate", code: .dateInvalid)]))
        }
        _ = try await EmployeeService(app: req.application, actor: req.auditActor).archive(
            id, expectedVersion: form.version, endDate: end.flatMap(CalendarDate.init))
        return req.redirect(to: Paths.employee.path(id) + "?done=saved", redirectType: .normal)
    }
}
