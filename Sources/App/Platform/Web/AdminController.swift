import Domain
import Fluent
import Foundation
import Vapor

/// Administration pages: users, roles, audit trail, organisation settings, background jobs.
struct AdminController: Sendable {

    struct UsersContent: Encodable {
        struct Row: Encodable {
            let href: String
            let name: String
            let email: String
            let roleKey: String
            let disabled: Bool
            let lastSignIn: String
        }

        let rows: [Row]
        let q: String
        let role: String
        let roles: [KeyedChoice]
        let columns: [SortLink]
        let pager: PagerContent
        let canManage: Bool
    }

    func users(_ req: Request) async throws -> Response {
        let (users, total, query) = try await UserDirectory.list(req)
        let filters = try req.filters(UserDirectory.Filters.self)
        let canManage = req.may(.manageUsers)
        let links = ListLinks(.adminUsers, query: query, filters: [("q", filters.q), ("role", filters.role)])
        let columns = links.columns([
            ("name", "users.name"), ("email", "users.email"), ("role", "users.role"), ("lastSignInAt", "users.last_sign_in"),
        ])
        let pager = links.pager(req, shown: users.count, total: total)
        let content = UsersContent(
            rows: users.map {
                .init(
                    href: Paths.adminUser.path($0.id!), name: $0.name, email: $0.email, roleKey: $0.role.labelKey, disabled: $0.disabled,
                    lastSignIn: req.dateTime($0.lastSignInAt))
            }, q: filters.q ?? "", role: filters.role ?? "",
            roles: Role.allCases.map { .init(value: $0.rawValue, labelKey: $0.labelKey, selected: $0.rawValue == filters.role) },
            columns: columns, pager: pager, canManage: canManage)
        return try await req.page("admin/users", titleKey: "users.title", content)
    }

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

    struct RolesContent: Encodable {
        struct Row: Encodable {
            let labelKey: String
            let cells: [Bool]
        }

        let roleKeys: [String]
        let rows: [Row]
    }

    func roles(_ req: Request) async throws -> Response {
        let table = req.services.permissions
        let content = RolesContent(
            roleKeys: Role.allCases.map(\.labelKey),
            rows: Action.allCases.map { action in .init(labelKey: action.labelKey, cells: Role.allCases.map { table.allows($0, action) }) })
        return try await req.page("admin/roles", titleKey: "roles.title", content)
    }

    struct OrganisationContent: Encodable {
        let name: String
        let languages: [KeyedChoice]
        let currencies: [KeyedChoice]
        let months: [KeyedChoice]
        let assetTagPrefix: String
        let timeZone: String
        let timeZones: [String]
        let version: Int
        let canManage: Bool
        let errors: [String: String]
        let stale: Bool
    }

    struct OrganisationForm: Content {
        var name: String
        var defaultLanguage: String
        var timeZone: String
        var defaultCurrency: String
        var fiscalYearStartMonth: Int
        /// Optional: a form without the field leaves the prefix as it is.
        var assetTagPrefix: String?
        var version: Int

        init(_ settings: OrganisationSettings) {
            name = settings.name
            defaultLanguage = settings.defaultLanguage
            timeZone = settings.timeZone
            defaultCurrency = settings.defaultCurrency
            fiscalYearStartMonth = settings.fiscalYearStartMonth
            assetTagPrefix = settings.assetTagPrefix
            version = settings.version
        }
    }

    func organisation(_ req: Request) async throws -> Response {
        let settings = try await OrganisationSettings.current(on: req.db)
        return try await organisationPage(
            req,
            form: .init(settings))
    }

    private func organisationPage(
        _ req: Request, form: OrganisationForm, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let content = OrganisationContent(
            name: form.name,
            languages: Language.allCases.map {
                .init(value: $0.rawValue, labelKey: "language.\($0.rawValue)", selected: $0.rawValue == form.defaultLanguage)
            },
            currencies: Currency.all.map {
                .init(value: $0.code, labelKey: "currency.\($0.code)", selected: $0.code == form.defaultCurrency)
            },
            months: (1...12).map { .init(value: String($0), labelKey: "month.\($0)", selected: $0 == form.fiscalYearStartMonth) },
            assetTagPrefix: form.assetTagPrefix ?? "", timeZone: form.timeZone, timeZones: TimeZone.knownTimeZoneIdentifiers.sorted(),
            version: form.version,
            canManage: req.may(.manageOrganisation), errors: req.fieldMessages(errors),
            stale: stale)
        return try await req.page("admin/organisation", titleKey: "organisation.title", content, status: status)
    }

    func updateOrganisation(_ req: Request) async throws -> Response {
        let form = try req.content.decode(OrganisationForm.self)
        return try await req.submit {
            _ = try await OrganisationSettingsService(app: req.application, actor: req.auditActor).update(
                expectedVersion: form.version,
                .init(
                    name: form.name, defaultLanguage: form.defaultLanguage, timeZone: form.timeZone, defaultCurrency: form.defaultCurrency,
                    fiscalYearStartMonth: form.fiscalYearStartMonth, assetTagPrefix: form.assetTagPrefix))
            return req.redirect(to: Paths.adminOrganisation.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await organisationPage(req, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            let settings = try await OrganisationSettings.current(on: req.db)
            return try await organisationPage(
                req,
                form: .init(settings),
                stale: true, status: .conflict)
        }
    }

    struct JobsContent: Encodable {
        struct Row: Encodable {
            let name: String
            let kind: String
            let schedule: String
            let status: String
            let runAt: String
            let lastSuccess: String
            let lastError: String
            let attempts: Int
        }

        let rows: [Row]
    }

    func jobs(_ req: Request) async throws -> Response {
        let jobs = try await Job.query(on: req.db).sort(\.$runAt).limit(500).all()
        let content = JobsContent(
            rows: jobs.map {
                .init(
                    name: req.t("jobs.name.\($0.name)"), kind: "jobs.kind.\($0.kindRaw)", schedule: Self.schedule($0.schedule, req),
                    status: "jobs.status.\($0.statusRaw)",
                    runAt: req.dateTime($0.runAt), lastSuccess: req.dateTime($0.lastSuccessAt), lastError: $0.lastError ?? "",
                    attempts: $0.attempts)
            })
        return try await req.page("admin/jobs", titleKey: "jobs.title", content)
    }

    /// "every 6 hours" rather than the stored `every 21600s`; a cron expression as it is written.
    static func schedule(_ text: String?, _ req: Request) -> String {
        guard let text, let schedule = try? JobSchedule.parse(text) else { return text ?? "–" }
        guard case .every(let seconds) = schedule else { return text }
        let (count, unit) =
            seconds % 86_400 == 0
            ? (seconds / 86_400, "days")
            : seconds % 3600 == 0 ? (seconds / 3600, "hours") : seconds % 60 == 0 ? (seconds / 60, "minutes") : (seconds, "seconds")
        return req.services.localizer.catalogue(req.language).plural("schedule.every.\(unit)", count: count)
    }
}
