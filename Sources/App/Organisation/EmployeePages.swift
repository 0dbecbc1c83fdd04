import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The employee directory, an employee's page, and the forms to create, change and archive.
struct EmployeePages: Sendable {

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let number: String
            let name: String
            let jobTitle: String
            let department: String
            let site: String
            let status: String
        }

        let rows: [Row]
        let q: String
        let managerNumber: String
        let departments: [Choice]
        let sites: [Choice]
        let statuses: [Choice]
        let columns: [SortLink]
        let pager: PagerContent
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let (employees, total, query, filters) = try await EmployeeDirectory.list(req, reading: EmployeeDirectory.Summary.self)
        let lookups = try await StructureNames.load(on: req.db)
        let statusLabels = Dictionary(uniqueKeysWithValues: EmploymentStatus.allCases.map { ($0, req.t($0.labelKey)) })
        let links = ListLinks(
            .employees, query: query,
            filters: [
                ("q", filters.q), ("department", filters.department?.uuidString), ("site", filters.site?.uuidString),
                ("managerNumber", filters.managerNumber), ("status", filters.status),
            ])
        let columns = links.columns([("employeeNumber", "employees.number"), ("name", "employees.name")])
        let content = ListContent(
            rows: employees.map {
                .init(
                    href: Paths.employee.path($0.id), number: $0.employeeNumber, name: $0.fullName, jobTitle: $0.jobTitle ?? "",
                    department: $0.departmentId.flatMap { lookups.departments[$0] } ?? "",
                    site: $0.siteId.flatMap { lookups.sites[$0] } ?? "",
                    status: statusLabels[$0.employmentStatus] ?? "")
            }, q: filters.q ?? "", managerNumber: filters.managerNumber ?? "",
            departments: lookups.departmentChoices(selected: filters.department), sites: lookups.siteChoices(selected: filters.site),
            statuses: (EmploymentStatus.allCases.map(\.rawValue) + ["all"]).map {
                Choice(value: $0, label: req.t($0 == "all" ? "list.all" : "employment.\($0)"), selected: $0 == filters.status)
            }, columns: columns,
            pager: links.pager(req, shown: employees.count, total: total),
            canManage: req.may(.managePeople))
        return try await req.page("organisation/employees", titleKey: "employees.title", content)
    }

    struct DetailContent: Encodable {
        let id: String
        let number: String
        let name: String
        let facts: [Fact]
        let reports: [Person]
        let canManage: Bool
        let canArchive: Bool
        let version: Int
        let erased: Bool

        struct Fact: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        struct Person: Encodable {
            let href: String
            let name: String
            let jobTitle: String
        }
    }

    func detail(_ req: Request) async throws -> Response {
        guard let employee = try await Employee.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let lookups = try await StructureNames.load(on: req.db)
        let manager = try await employee.managerID.asyncMap { try await Employee.find($0, on: req.db) } ?? nil
        let reports = try await Employee.query(on: req.db).filter(\.$managerID == employee.id).filter(
            \.$statusRaw != EmploymentStatus.left.rawValue
        )
        .sort(\.$sortName).limit(200).all()
        let account = try await employee.userID.asyncMap { try await User.find($0, on: req.db) } ?? nil
        let facts: [DetailContent.Fact] = [
            .init(labelKey: "employees.job_title", value: employee.jobTitle ?? "–", href: nil),
            .init(labelKey: "employees.department", value: employee.departmentID.flatMap { lookups.departments[$0] } ?? "–", href: nil),
            .init(labelKey: "employees.site", value: employee.siteID.flatMap { lookups.sites[$0] } ?? "–", href: nil),
            .init(labelKey: "employees.manager", value: manager?.fullName ?? "–", href: manager.map { Paths.employee.path($0.id!) }),
            .init(labelKey: "employees.work_email", value: employee.workEmail ?? "–", href: nil),
            .init(labelKey: "employees.phone", value: employee.phone ?? "–", href: nil),
            .init(labelKey: "employees.start_date", value: req.date(employee.startDateText), href: nil),
            .init(labelKey: "employees.end_date", value: req.date(employee.endDateText), href: nil),
            .init(labelKey: "employees.status", value: req.t(employee.status.labelKey), href: nil),
            .init(labelKey: "employees.account", value: account?.email ?? "–", href: nil),
        ]
        let canManage = req.may(.managePeople) && employee.erasedAt == nil
        return try await req.page(
            "organisation/employee", titleKey: "employees.title", record: employee.fullName,
            DetailContent(
                id: employee.id!.uuidString, number: employee.employeeNumber, name: employee.fullName, facts: facts,
                reports: reports.map { .init(href: Paths.employee.path($0.id!), name: $0.fullName, jobTitle: $0.jobTitle ?? "") },
                canManage: canManage, canArchive: canManage && employee.status != .left, version: employee.version,
                erased: employee.erasedAt != nil))
    }

    /// The form's fields as typed, so a refused form comes back as the person left it.
    struct Form: Content {
        var employeeNumber: String = ""
        var firstName: String = ""
        var lastName: String = ""
        var workEmail: String = ""
        var phone: String = ""
        var jobTitle: String = ""
        var departmentId: String = ""
        var siteId: String = ""
        var managerNumber: String = ""
        var startDate: String = ""
        var endDate: String = ""
        var status: String = EmploymentStatus.active.rawValue
        var version: Int? = nil

        init(
            employeeNumber: String = "", firstName: String = "", lastName: String = "", workEmail: String = "", phone: String = "",
            jobTitle: String = "", departmentId: String = "", siteId: String = "", managerNumber: String = "", startDate: String = "",
            endDate: String = "", status: String = EmploymentStatus.active.rawValue, version: Int? = nil
        ) {
            self.employeeNumber = employeeNumber
            self.firstName = firstName
            self.lastName = lastName
            self.workEmail = workEmail
            self.phone = phone
            self.jobTitle = jobTitle
            self.departmentId = departmentId
            self.siteId = siteId
            self.managerNumber = managerNumber
            self.startDate = startDate
            self.endDate = endDate
            self.status = status
            self.version = version
        }

        /// A field the browser left out reads as empty.
        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            self.init(
                employeeNumber: form["employeeNumber"], firstName: form["firstName"], lastName: form["lastName"],
                workEmail: form["workEmail"],
                phone: form["phone"], jobTitle: form["jobTitle"], departmentId: form["departmentId"], siteId: form["siteId"],
                managerNumber: form["managerNumber"], startDate: form["startDate"], endDate: form["endDate"],
                status: form["status"].isEmpty ? EmploymentStatus.active.rawValue : form["status"], version: form.version)
        }
    }

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

extension EmployeePages.Form {
    init(_ employee: Employee, on db: any Database) async throws {
        let manager = try await employee.managerID.asyncMap { try await Employee.find($0, on: db) } ?? nil
        self.init(
            employeeNumber: employee.employeeNumber, firstName: employee.firstName, lastName: employee.lastName,
            workEmail: employee.workEmail ?? "",
            phone: employee.phone ?? "", jobTitle: employee.jobTitle ?? "", departmentId: employee.departmentID?.uuidString ?? "",
            siteId: employee.siteID?.uuidString ?? "", managerNumber: manager?.employeeNumber ?? "",
            startDate: employee.startDateText ?? "",
            endDate: employee.endDateText ?? "", status: employee.statusRaw, version: employee.version)
    }

    /// The service's input; the manager is looked up by employee number. Every failing field is reported together:
    /// an unknown manager number as well as the fields the service checks.
    func input(on db: any Database, userID: UUID?) async throws -> EmployeeService.Input {
        var errors: [FieldError] = []
        var managerID: UUID?
        do {
            managerID = try await Employee.byNumber(managerNumber, field: "managerNumber", on: db)?.id
        } catch let failure as ValidationFailure {
            errors += failure.errors
        }
        let input = EmployeeService.Input(
            employeeNumber: employeeNumber, firstName: firstName, lastName: lastName, workEmail: workEmail, phone: phone,
            jobTitle: jobTitle,
            departmentID: UUID(uuidString: departmentId), siteID: UUID(uuidString: siteId), managerID: managerID, startDate: startDate,
            endDate: endDate,
            status: EmploymentStatus(rawValue: status) ?? .active, userID: userID)
        errors += input.validate()
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return input
    }
}
