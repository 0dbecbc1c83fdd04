import Domain
import Fluent
import Foundation
import Vapor

extension StructureService {
    struct DepartmentInput: Sendable {
        var name: String
        var parentID: UUID?
        var managerID: UUID?
        var costCentreID: UUID?
        var siteID: UUID?

        func apply(to department: Department) {
            department.name = name.trimmingCharacters(in: .whitespaces)
            department.parentID = parentID
            department.managerID = managerID
            department.costCentreID = costCentreID
            department.siteID = siteID
        }

        func checkReferences(on db: any Database, department id: UUID?) async throws {
            try await InputCheck.exists(Department.self, parentID, field: "parentId", on: db)
            try await InputCheck.exists(Employee.self, managerID, field: "managerId", on: db)
            try await InputCheck.exists(CostCentre.self, costCentreID, field: "costCentreId", on: db)
            try await InputCheck.exists(Site.self, siteID, field: "siteId", on: db)
            if let id,
                try await Hierarchy.wouldCreateCycle(
                    node: id, newParent: parentID, parentOf: { try await Department.find($0, on: db)?.parentID })
            {
                throw ValidationFailure([FieldError(field: "parentId", code: .departmentCycle)])
            }
        }
    }

    func createDepartment(_ input: DepartmentInput) async throws -> Department {
        try InputCheck.check([Validate.required(input.name, field: "name")].compactMap { $0 })
        let department = Department()
        input.apply(to: department)
        department.createdAt = app.services.clock.now()
        let name = department.name
        return try await app.createAudited(department, actor: actor) { db in
            try await InputCheck.unique(Department.query(on: db).filter(\.$name == name), field: "name")
            try await input.checkReferences(on: db, department: nil)
        }
    }

    func updateDepartment(_ id: UUID, expectedVersion: Int?, _ input: DepartmentInput) async throws -> Department {
        try InputCheck.check([Validate.required(input.name, field: "name")].compactMap { $0 })
        return try await app.updateAudited(Department.self, id: id, expectedVersion: expectedVersion, actor: actor) { department, db in
            input.apply(to: department)
            let name = department.name
            try await InputCheck.unique(Department.query(on: db).filter(\.$name == name).filter(\.$id != id), field: "name")
            try await input.checkReferences(on: db, department: id)
        }
    }
}
