import Domain
import Fluent
import Foundation
import Vapor

/// The user form: creating and changing an account, as typed when refused.
extension AdminController {
    struct UserFormContent: Encodable {
        let action: String
        let isNew: Bool
        let email: String
        let name: String
        let roles: [KeyedChoice]
        let languages: [KeyedChoice]
        let disabled: Bool
        let version: Int
        let errors: [String: String]
        let stale: Bool
    }

    struct UserForm: Content {
        var email: String
        var name: String
        var role: String
        var language: String?
        var password: String?
        var disabled: String?
        var version: Int?
    }

    private func userForm(
        _ req: Request, form: UserForm, id: UUID?, version: Int, errors: ValidationFailure? = nil, stale: Bool = false,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let content = UserFormContent(
            action: id.map { Paths.adminUser.path($0) } ?? Paths.adminUsers.path, isNew: id == nil, email: form.email, name: form.name,
            roles: Role.allCases.map { .init(value: $0.rawValue, labelKey: $0.labelKey, selected: $0.rawValue == form.role) },
            languages: [KeyedChoice(value: "", labelKey: "language.organisation_default", selected: (form.language ?? "").isEmpty)]
                + Language.allCases.map {
                    .init(value: $0.rawValue, labelKey: "language.\($0.rawValue)", selected: $0.rawValue == form.language)
                },
            disabled: form.disabled != nil, version: version, errors: req.fieldMessages(errors), stale: stale)
        return try await req.page("admin/user-form", titleKey: id == nil ? "users.new" : "users.edit", content, status: status)
    }

    func newUser(_ req: Request) async throws -> Response {
        try await userForm(req, form: UserForm(email: "", name: "", role: Role.employee.rawValue), id: nil, version: 0)
    }

    func createUser(_ req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        guard let role = Role(rawValue: form.role) else {
            return try await userForm(
                req, form: form, id: nil, version: 0, errors: ValidationFailure([FieldError(field: "role", code: .roleUnknown)]),
                status: .unprocessableEntity)
        }
        return try await req.submit {
            let user = try await AccountService(app: req.application, actor: req.auditActor).create(
                .init(
                    email: form.email, name: form.name, role: role, password: form.password ?? "",
                    language: form.language.flatMap(Language.init(rawValue:))))
            return req.redirect(to: Paths.adminUser.path(user.id!) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await userForm(req, form: form, id: nil, version: 0, errors: failure, status: .unprocessableEntity)
        }
    }

    func editUser(_ req: Request) async throws -> Response {
        guard let user = try await User.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let form = UserForm(
            email: user.email, name: user.name, role: user.roleRaw, language: user.languageRaw, disabled: user.disabled ? "on" : nil)
        return try await userForm(req, form: form, id: user.id, version: user.version)
    }

    func updateUser(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(UserForm.self)
        let role = Role(rawValue: form.role)
        if role == nil {
            return try await userForm(
                req, form: form, id: id, version: form.version ?? 0,
                errors: ValidationFailure([FieldError(field: "role", code: .roleUnknown)]),
                status: .unprocessableEntity)
        }
        return try await req.submit {
            _ = try await AccountService(app: req.application, actor: req.auditActor).update(
                id, expectedVersion: form.version ?? 0,
                .init(
                    name: form.name, email: form.email, role: role,
                    language: .some(form.language.flatMap(Language.init(rawValue:))), disabled: form.disabled != nil))
            return req.redirect(to: Paths.adminUser.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await userForm(req, form: form, id: id, version: form.version ?? 0, errors: failure, status: .unprocessableEntity)
        } stale: {
            // Someone saved in between: show their version, and say so, rather than overwrite it.
            guard let current = try await User.find(id, on: req.db) else { throw AppError.notFound }
            let fresh = UserForm(
                email: current.email, name: current.name, role: current.roleRaw, language: current.languageRaw,
                disabled: current.disabled ? "on" : nil)
            return try await userForm(req, form: fresh, id: id, version: current.version, stale: true, status: .conflict)
        }
    }
}
