import Domain
import Fluent
import Foundation
import Vapor

/// The application form: new and edit, and saving it.
extension AppCataloguePages {
    struct AppForm: Decodable, Sendable {
        var name = ""
        var description = ""
        var ownerNumber = ""
        var signInUrl = ""
        var productId = ""
        var licenceId = ""
        var method = AccessMethod.manual.rawValue
        var directoryGroups = ""
        var instructions = ""
        var everyone = false
        var departments: Set<String> = []
        var sites: Set<String> = []
        var jobTitles = ""
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (name, description, ownerNumber, signInUrl) = (form["name"], form["description"], form["ownerNumber"], form["signInUrl"])
            (productId, licenceId, method, directoryGroups) = (
                form["productId"], form["licenceId"], form["method"], form["directoryGroups"]
            )
            (instructions, everyone, jobTitles, version) = (
                form["instructions"], !form["everyone"].isEmpty, form["jobTitles"], form.version
            )
            departments = Set(form.fields(prefixed: "department.").filter { !$0.value.isEmpty }.keys)
            sites = Set(form.fields(prefixed: "site.").filter { !$0.value.isEmpty }.keys)
        }

        init(_ record: CompanyApp, ownerNumber: String) {
            (name, description, self.ownerNumber, signInUrl) = (record.name, record.details, ownerNumber, record.signInURL)
            (productId, licenceId) = (record.productID?.uuidString ?? "", record.licenceID?.uuidString ?? "")
            (method, directoryGroups, instructions) = (record.methodRaw, record.directoryGroupsText, record.instructions)
            version = record.version
            var titles: [String] = []
            for audience in record.audiences {
                switch audience {
                case .everyone: everyone = true
                case .department(let id): departments.insert(id.uuidString)
                case .site(let id): sites.insert(id.uuidString)
                case .jobTitle(let title): titles.append(title)
                }
            }
            jobTitles = titles.joined(separator: "\n")
        }

        /// The input for the service; the owner is looked up by employee number.
        func input(on db: any Database) async throws -> AppCatalogueService.AppInput {
            var errors: [FieldError] = []
            var ownerID: UUID?
            let number = ownerNumber.trimmingCharacters(in: .whitespaces)
            if !number.isEmpty {
                ownerID = try await Employee.query(on: db).filter(\.$employeeNumber == number).first()?.id
                if ownerID == nil { errors.append(FieldError(field: "ownerNumber", code: .notFound)) }
            }
            let chosenMethod = AccessMethod(rawValue: method)
            if chosenMethod == nil { errors.append(FieldError(field: "method", code: .invalid)) }
            func id(_ text: String, _ field: String) -> UUID? {
                guard !text.isEmpty else { return nil }
                guard let id = UUID(uuidString: text) else {
                    errors.append(FieldError(field: field, code: .invalid))
                    return nil
                }
                return id
            }
            var audiences: [AccessAudience] = everyone ? [.everyone] : []
            audiences += departments.sorted().compactMap { id($0, "audiences").map(AccessAudience.department) }
            audiences += sites.sorted().compactMap { id($0, "audiences").map(AccessAudience.site) }
            for line in jobTitles.split(whereSeparator: \.isNewline) {
                guard let audience = AccessAudience(kind: "job_title", value: String(line)) else {
                    if !line.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError(field: "jobTitles", code: .tooLong)) }
                    continue
                }
                audiences.append(audience)
            }
            let input = AppCatalogueService.AppInput(
                name: name, description: description, ownerID: ownerID, signInURL: signInUrl, productID: id(productId, "productId"),
                licenceID: id(licenceId, "licenceId"), method: chosenMethod ?? .manual,
                directoryGroups: directoryGroups.split(whereSeparator: \.isNewline).map(String.init), instructions: instructions,
                audiences: audiences)
            try InputCheck.check(errors + input.validate())
            return input
        }
    }

    struct FormContent: Encodable {
        let isNew: Bool
        let action: String
        let cancel: String
        let form: AppFormValues
        let products: [Choice]
        let licences: [Choice]
        let methods: [Choice]
        let departments: [Choice]
        let sites: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    /// The form's values as the template shows them.
    struct AppFormValues: Encodable {
        let name: String
        let description: String
        let ownerNumber: String
        let signInUrl: String
        let directoryGroups: String
        let instructions: String
        let everyone: Bool
        let jobTitles: String
        let version: Int?
    }

    func new(_ req: Request) async throws -> Response { try await formPage(req, AppForm(), id: nil) }

    func edit(_ req: Request) async throws -> Response {
        guard let record = try await CompanyApp.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let owner = try await record.ownerID.asyncMap { try await Employee.find($0, on: req.db) } ?? nil
        return try await formPage(req, AppForm(record, ownerNumber: owner?.employeeNumber ?? ""), id: record.id)
    }

    private func formPage(
        _ req: Request, _ form: AppForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let products = try await SoftwareProduct.query(on: req.db).all().sorted { $0.auditLabel.lowercased() < $1.auditLabel.lowercased() }
        let productNames = Dictionary(uniqueKeysWithValues: products.map { ($0.id!, $0.auditLabel) })
        let licences = try await Licence.query(on: req.db).all()
            .map { (licence: $0, label: "\(productNames[$0.productID] ?? "–") — \($0.name)") }.sorted {
                $0.label.lowercased() < $1.label.lowercased()
            }
        let departments = try await Department.query(on: req.db).filter(\.$archivedAt == nil).sort(\.$name).all()
        let sites = try await Site.query(on: req.db).filter(\.$archivedAt == nil).sort(\.$name).all()
        return try await req.page(
            "people/application-form", titleKey: id == nil ? "application.new" : "application.edit",
            FormContent(
                isNew: id == nil, action: id.map { Paths.application.path($0) } ?? Paths.applications.path,
                cancel: id.map { Paths.application.path($0) } ?? Paths.applications.path,
                form: AppFormValues(
                    name: form.name, description: form.description, ownerNumber: form.ownerNumber, signInUrl: form.signInUrl,
                    directoryGroups: form.directoryGroups, instructions: form.instructions, everyone: form.everyone,
                    jobTitles: form.jobTitles, version: form.version),
                products: products.map {
                    Choice(value: $0.id!.uuidString, label: $0.auditLabel, selected: $0.id!.uuidString == form.productId)
                },
                licences: licences.map {
                    Choice(value: $0.licence.id!.uuidString, label: $0.label, selected: $0.licence.id!.uuidString == form.licenceId)
                },
                methods: AccessMethod.allCases.map {
                    Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == form.method)
                },
                departments: departments.map {
                    Choice(value: $0.id!.uuidString, label: $0.name, selected: form.departments.contains($0.id!.uuidString))
                },
                sites: sites.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: form.sites.contains($0.id!.uuidString)) },
                errors: req.fieldMessages(errors), stale: stale), status: status)
    }

    func save(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(AppForm.self)
        return try await req.submit {
            let input = try await form.input(on: req.db)
            let record: CompanyApp
            if let id {
                record = try await service(req).update(id, expectedVersion: form.version ?? 0, input)
            } else {
                record = try await service(req).create(input)
            }
            return req.redirect(to: Paths.application.path(record.id!) + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } invalid: { failure in
            try await formPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await CompanyApp.find(id, on: req.db) else { throw AppError.notFound }
            let owner = try await fresh.ownerID.asyncMap { try await Employee.find($0, on: req.db) } ?? nil
            return try await formPage(req, AppForm(fresh, ownerNumber: owner?.employeeNumber ?? ""), id: id, stale: true, status: .conflict)
        }
    }
}
