import Domain
import Fluent
import Foundation
import Vapor

/// Sites with their rooms, cost centres and departments: the frame the people and the equipment hang in.
struct StructureService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: Sites

    struct SiteInput: Sendable {
        var name: String
        var address: String
        var country: String
        var timeZone: String

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name"), Validate.required(address, field: "address", maxLength: 500)].compactMap {
                $0
            }
            let code = country.trimmingCharacters(in: .whitespaces)
            if code.count != 2 || !code.allSatisfy({ $0.isASCII && $0.isLetter }) {
                errors.append(FieldError(field: "country", code: .countryInvalid))
            }
            if TimeZone(identifier: timeZone) == nil { errors.append(FieldError(field: "timeZone", code: .timeZoneUnknown)) }
            return errors
        }

        func apply(to site: Site) {
            site.name = name.trimmingCharacters(in: .whitespaces)
            site.address = address.trimmingCharacters(in: .whitespaces)
            site.country = country.trimmingCharacters(in: .whitespaces).uppercased()
            site.timeZone = timeZone
        }
    }

    func createSite(_ input: SiteInput) async throws -> Site {
        try InputCheck.check(input.validate())
        let site = Site()
        input.apply(to: site)
        site.createdAt = app.services.clock.now()
        let name = site.name
        return try await app.createAudited(site, actor: actor) { db in
            try await InputCheck.unique(Site.query(on: db).filter(\.$name == name), field: "name")
        }
    }

    func updateSite(_ id: UUID, expectedVersion: Int?, _ input: SiteInput) async throws -> Site {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(Site.self, id: id, expectedVersion: expectedVersion, actor: actor) { site, db in
            input.apply(to: site)
            let name = site.name
            try await InputCheck.unique(Site.query(on: db).filter(\.$name == name).filter(\.$id != id), field: "name")
        }
    }

    func addRoom(siteID: UUID, name: String, floor: String?) async throws -> Room {
        try InputCheck.check([Validate.required(name, field: "name")].compactMap { $0 })
        let room = Room()
        room.$site.id = siteID
        room.name = name.trimmingCharacters(in: .whitespaces)
        room.floor = floor?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let now = app.services.clock.now()
        let actor = self.actor
        try await app.write { db in
            guard try await Site.find(siteID, on: db) != nil else { throw AppError.notFound }
            try await InputCheck.unique(Room.query(on: db).filter(\.$site.$id == siteID).filter(\.$name == room.name), field: "name")
            try await room.create(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "room.create", entityType: "room", entityID: room.id?.uuidString,
                changes: ["site": AuditChange(before: nil, after: siteID.uuidString), "name": AuditChange(before: nil, after: room.name)],
                at: now)
        }
        return room
    }

    // MARK: Cost centres

    struct CostCentreInput: Sendable {
        var code: String
        var name: String
        var ownerID: UUID?

        func validate() -> [FieldError] {
            var errors = [Validate.required(code, field: "code", maxLength: 20), Validate.required(name, field: "name")].compactMap { $0 }
            if !code.trimmingCharacters(in: .whitespaces).allSatisfy({
                $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")
            }) {
                errors.append(FieldError(field: "code", code: .invalid))
            }
            return errors
        }
    }

    func createCostCentre(_ input: CostCentreInput) async throws -> CostCentre {
        try InputCheck.check(input.validate())
        let centre = CostCentre()
        centre.code = input.code.trimmingCharacters(in: .whitespaces).uppercased()
        centre.name = input.name.trimmingCharacters(in: .whitespaces)
        centre.ownerID = input.ownerID
        centre.createdAt = app.services.clock.now()
        let code = centre.code
        return try await app.createAudited(centre, actor: actor) { db in
            try await InputCheck.unique(CostCentre.query(on: db).filter(\.$code == code), field: "code")
            try await InputCheck.exists(Employee.self, input.ownerID, field: "ownerId", on: db)
        }
    }

    func updateCostCentre(_ id: UUID, expectedVersion: Int?, _ input: CostCentreInput) async throws -> CostCentre {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(CostCentre.self, id: id, expectedVersion: expectedVersion, actor: actor) { centre, db in
            centre.code = input.code.trimmingCharacters(in: .whitespaces).uppercased()
            centre.name = input.name.trimmingCharacters(in: .whitespaces)
            centre.ownerID = input.ownerID
            let code = centre.code
            try await InputCheck.unique(CostCentre.query(on: db).filter(\.$code == code).filter(\.$id != id), field: "code")
            try await InputCheck.exists(Employee.self, input.ownerID, field: "ownerId", on: db)
        }
    }

    // MARK: Departments

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

    // MARK: Archiving

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
