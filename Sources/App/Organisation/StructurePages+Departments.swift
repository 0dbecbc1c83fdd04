import Domain
import Fluent
import Foundation
import Vapor

/// The department form: creating and changing a department, as typed when refused.
extension StructurePages {
    struct DepartmentForm: Content {
        var name = ""
        var parentId = ""
        var managerNumber = ""
        var costCentreId = ""
        var siteId = ""
        var version: Int?

        init(
            name: String = "", parentId: String = "", managerNumber: String = "", costCentreId: String = "", siteId: String = "",
            version: Int? = nil
        ) {
            (self.name, self.parentId, self.managerNumber, self.costCentreId, self.siteId, self.version) =
                (name, parentId, managerNumber, costCentreId, siteId, version)
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            self.init(
                name: form["name"], parentId: form["parentId"], managerNumber: form["managerNumber"], costCentreId: form["costCentreId"],
                siteId: form["siteId"], version: form.version)
        }
    }

    struct DepartmentFormContent: Encodable {
        let action: String
        let isNew: Bool
        let form: DepartmentForm
        let parents: [Choice]
        let costCentres: [Choice]
        let sites: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    func departmentPage(
        _ req: Request, _ form: DepartmentForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let lookups = try await StructureNames.load(on: req.db)
        let centres = try await CostCentre.query(on: req.db).group(.or) {
            $0.filter(\.$archivedAt == nil).filter(\.$id == UUID(uuidString: form.costCentreId) ?? UUID())
        }.sort(\.$code).all()
        var messages = req.fieldMessages(errors)
        if let message = messages.removeValue(forKey: "managerId") { messages["managerNumber"] = message }
        let content = DepartmentFormContent(
            action: id.map { Paths.department.path($0) } ?? Paths.departments.path, isNew: id == nil, form: form,
            parents: lookups.departmentChoices(selected: UUID(uuidString: form.parentId)).filter { $0.value != id?.uuidString },
            costCentres: Choice.costCentres(centres, selected: form.costCentreId),
            sites: lookups.siteChoices(selected: UUID(uuidString: form.siteId)), errors: messages, stale: stale)
        return try await req.page(
            "organisation/department-form", titleKey: id == nil ? "departments.new" : "departments.edit", content, status: status)
    }

    func newDepartment(_ req: Request) async throws -> Response {
        try await departmentPage(req, DepartmentForm(), id: nil)
    }

    func editDepartment(_ req: Request) async throws -> Response {
        guard let department = try await Department.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await departmentPage(req, try await DepartmentForm(department, on: req.db), id: department.id)
    }

    func saveDepartment(_ req: Request) async throws -> Response {
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let form = try req.content.decode(DepartmentForm.self)
        return try await req.submit {
            let input = try await form.input(on: req.db)
            if let id {
                _ = try await structure(req).updateDepartment(id, expectedVersion: form.version ?? 0, input)
            } else {
                _ = try await structure(req).createDepartment(input)
            }
            return req.redirect(to: Paths.orgChart.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await departmentPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await Department.find(id, on: req.db) else { throw AppError.notFound }
            return try await departmentPage(req, try await DepartmentForm(fresh, on: req.db), id: id, stale: true, status: .conflict)
        }
    }
}

extension StructurePages.DepartmentForm {
    init(_ department: Department, on db: any Database) async throws {
        let manager = try await department.managerID.asyncMap { try await Employee.find($0, on: db) } ?? nil
        self.init(
            name: department.name, parentId: department.parentID?.uuidString ?? "", managerNumber: manager?.employeeNumber ?? "",
            costCentreId: department.costCentreID?.uuidString ?? "", siteId: department.siteID?.uuidString ?? "",
            version: department.version)
    }

    func input(on db: any Database) async throws -> StructureService.DepartmentInput {
        let manager = try await Employee.byNumber(managerNumber, field: "managerNumber", on: db)
        return .init(
            name: name, parentID: UUID(uuidString: parentId), managerID: manager?.id, costCentreID: UUID(uuidString: costCentreId),
            siteID: UUID(uuidString: siteId))
    }
}
