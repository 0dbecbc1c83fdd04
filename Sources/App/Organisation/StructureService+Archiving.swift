import Domain
import Fluent
import Foundation
import Vapor

/// Archiving a site, a cost centre or a department once nothing current depends on it.
extension StructureService {
    /// Archives a site once no current employee and no current department is there.
    func archiveSite(_ id: UUID, expectedVersion: Int?) async throws -> Site {
        let now = app.services.clock.now()
        return try await app.updateAudited(Site.self, id: id, expectedVersion: expectedVersion, actor: actor, action: "archive") {
            site, db in
            let people = try await Employee.query(on: db).filter(\.$siteID == id).filter(\.$statusRaw != EmploymentStatus.left.rawValue)
                .count()
            let departments = try await Department.query(on: db).filter(\.$siteID == id).filter(\.$archivedAt == nil).count()
            if people + departments > 0 { throw ValidationFailure([FieldError(field: "site", code: .inUse)]) }
            site.archivedAt = site.archivedAt ?? now
        }
    }

    /// Archives a cost centre once no current department books to it.
    func archiveCostCentre(_ id: UUID, expectedVersion: Int?) async throws -> CostCentre {
        let now = app.services.clock.now()
        return try await app.updateAudited(CostCentre.self, id: id, expectedVersion: expectedVersion, actor: actor, action: "archive") {
            centre, db in
            if try await Department.query(on: db).filter(\.$costCentreID == id).filter(\.$archivedAt == nil).count() > 0 {
                throw ValidationFailure([FieldError(field: "costCentre", code: .inUse)])
            }
            centre.archivedAt = centre.archivedAt ?? now
        }
    }

    /// Archives a department once it has no current employees and no current sub-departments.
    func archiveDepartment(_ id: UUID, expectedVersion: Int?) async throws -> Department {
        let now = app.services.clock.now()
        return try await app.updateAudited(Department.self, id: id, expectedVersion: expectedVersion, actor: actor, action: "archive") {
            department, db in
            let people = try await Employee.query(on: db).filter(\.$departmentID == id).filter(
                \.$statusRaw != EmploymentStatus.left.rawValue
            )
            .count()
            let children = try await Department.query(on: db).filter(\.$parentID == id).filter(\.$archivedAt == nil).count()
            if people + children > 0 { throw ValidationFailure([FieldError(field: "department", code: .inUse)]) }
            department.archivedAt = department.archivedAt ?? now
        }
    }
}
