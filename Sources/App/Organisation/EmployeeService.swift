import Domain
import Fluent
import Foundation
import Vapor

/// Employee records: created, changed and archived (never deleted); erased to a pseudonym once retention has passed.
struct EmployeeService: Sendable {
    let app: Application
    let actor: AuditActor

    struct Input: Sendable {
        var employeeNumber: String
        var firstName: String
        var lastName: String
        var workEmail: String?
        var phone: String?
        var jobTitle: String?
        var departmentID: UUID?
        var siteID: UUID?
        var managerID: UUID?
        var startDate: String?
        var endDate: String?
        var status: EmploymentStatus
        var userID: UUID?

        /// Checks that need no database; every failing field is reported.
        /// The record's current values, with a new account link.
        init(from employee: Employee, userID: UUID?) {
            self.init(
                employeeNumber: employee.employeeNumber, firstName: employee.firstName, lastName: employee.lastName,
                workEmail: employee.workEmail,
                phone: employee.phone, jobTitle: employee.jobTitle, departmentID: employee.departmentID, siteID: employee.siteID,
                managerID: employee.managerID, startDate: employee.startDateText, endDate: employee.endDateText, status: employee.status,
                userID: userID)
        }

        init(
            employeeNumber: String, firstName: String, lastName: String, workEmail: String? = nil, phone: String? = nil,
            jobTitle: String? = nil,
            departmentID: UUID? = nil, siteID: UUID? = nil, managerID: UUID? = nil, startDate: String? = nil, endDate: String? = nil,
            status: EmploymentStatus, userID: UUID? = nil
        ) {
            self.employeeNumber = employeeNumber
            self.firstName = firstName
            self.lastName = lastName
            self.workEmail = workEmail
            self.phone = phone
            self.jobTitle = jobTitle
            self.departmentID = departmentID
            self.siteID = siteID
            self.managerID = managerID
            self.startDate = startDate
            self.endDate = endDate
            self.status = status
            self.userID = userID
        }

        func validate() -> [FieldError] {
            var errors = [
                Validate.required(employeeNumber, field: "employeeNumber", maxLength: 20), Validate.required(firstName, field: "firstName"),
                Validate.required(lastName, field: "lastName"),
            ].compactMap { $0 }
            if let email = workEmail?.trimmingCharacters(in: .whitespaces), !email.isEmpty,
                let error = Validate.email(email, field: "workEmail")
            {
                errors.append(error)
            }
            if let phone = phone?.trimmingCharacters(in: .whitespaces), !phone.isEmpty,
                phone.count > 40 || !phone.allSatisfy({ $0.isNumber || " +-()/".contains($0) })
            {
                errors.append(FieldError(field: "phone", code: .invalid))
            }
            if let title = jobTitle, title.count > 200 { errors.append(FieldError(field: "jobTitle", code: .tooLong)) }
            let start = startDate?.nilIfEmpty.map { CalendarDate($0) }
            let end = endDate?.nilIfEmpty.map { CalendarDate($0) }
            if case .some(.none) = start { errors.append(FieldError(field: "startDate", code: .dateInvalid)) }
            if case .some(.none) = end { errors.append(FieldError(field: "endDate", code: .dateInvalid)) }
            if let start = start ?? nil, let end = end ?? nil, end < start {
                errors.append(FieldError(field: "endDate", code: .endBeforeStart))
            }
            return errors
        }

        func apply(to employee: Employee) {
            employee.employeeNumber = employeeNumber.trimmingCharacters(in: .whitespaces)
            employee.firstName = firstName.trimmingCharacters(in: .whitespaces)
            employee.lastName = lastName.trimmingCharacters(in: .whitespaces)
            employee.sortName = Employee.sortName(first: employee.firstName, last: employee.lastName)
            employee.workEmail = workEmail?.normalisedEmail.nilIfEmpty
            employee.phone = phone?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            employee.jobTitle = jobTitle?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            employee.departmentID = departmentID
            employee.siteID = siteID
            employee.managerID = managerID
            employee.startDateText = startDate?.nilIfEmpty
            employee.endDateText = endDate?.nilIfEmpty
            employee.statusRaw = status.rawValue
            employee.userID = userID
        }

        /// Checks against the database, inside the writing transaction.
        func checkReferences(on db: any Database, employee id: UUID?) async throws {
            var errors: [FieldError] = []
            func taken<Value: Codable & Sendable>(_ key: KeyPath<Employee, FieldProperty<Employee, Value>>, _ value: Value, _ field: String)
                async throws
            {
                var query = Employee.query(on: db).filter(key == value)
                if let id { query = query.filter(\.$id != id) }
                if try await query.first() != nil { errors.append(FieldError(field: field, code: .taken)) }
            }
            func takenOptional<Value: Codable & Sendable>(
                _ key: KeyPath<Employee, OptionalFieldProperty<Employee, Value>>, _ value: Value?, _ field: String
            ) async throws {
                guard let value else { return }
                var query = Employee.query(on: db).filter(key == value)
                if let id { query = query.filter(\.$id != id) }
                if try await query.first() != nil { errors.append(FieldError(field: field, code: .taken)) }
            }
            try await taken(\.$employeeNumber, employeeNumber.trimmingCharacters(in: .whitespaces), "employeeNumber")
            try await takenOptional(\.$workEmail, workEmail?.normalisedEmail.nilIfEmpty, "workEmail")
            try await takenOptional(\.$userID, userID, "userId")
            if let departmentID, try await Department.find(departmentID, on: db) == nil {
                errors.append(FieldError(field: "departmentId", code: .notFound))
            }
            if let siteID, try await Site.find(siteID, on: db) == nil { errors.append(FieldError(field: "siteId", code: .notFound)) }
            if let managerID, try await Employee.find(managerID, on: db) == nil {
                errors.append(FieldError(field: "managerId", code: .notFound))
            }
            if let userID, try await User.find(userID, on: db) == nil { errors.append(FieldError(field: "userId", code: .notFound)) }
            if let id,
                try await Hierarchy.wouldCreateCycle(
                    node: id, newParent: managerID, parentOf: { try await Employee.find($0, on: db)?.managerID })
            {
                errors.append(FieldError(field: "managerId", code: .reportingCycle))
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }
        }
    }

    func create(_ input: Input) async throws -> Employee {
        try InputCheck.check(input.validate())
        let employee = Employee()
        input.apply(to: employee)
        employee.createdAt = app.services.clock.now()
        return try await app.createAudited(employee, actor: actor) { db in try await input.checkReferences(on: db, employee: nil) }
    }

    func update(_ id: UUID, expectedVersion: Int?, _ input: Input) async throws -> Employee {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(Employee.self, id: id, expectedVersion: expectedVersion, actor: actor) { employee, db in
            guard employee.erasedAt == nil else { throw AppError.conflict }
            input.apply(to: employee)
            try await input.checkReferences(on: db, employee: id)
        }
    }

    /// Marks an employee as having left, on `endDate` (default: today in the organisation's zone). The record and its
    /// history stay; nothing is deleted.
    func archive(_ id: UUID, expectedVersion: Int?, endDate: CalendarDate?) async throws -> Employee {
        let today = try await app.organisationToday()
        return try await app.updateAudited(Employee.self, id: id, expectedVersion: expectedVersion, actor: actor, action: "archive") {
            employee, _ in
            guard employee.erasedAt == nil else { throw AppError.conflict }
            let end = endDate ?? today
            if let start = employee.startDate, end < start {
                throw ValidationFailure([FieldError(field: "endDate", code: .endBeforeStart)])
            }
            employee.statusRaw = EmploymentStatus.left.rawValue
            employee.endDateText = end.description
        }
    }

    enum EraseRefusal: Error, Equatable {
        case notLeft
        case withinRetention(until: CalendarDate)
        case alreadyErased
    }

    /// Replaces the personal fields of a former employee with a pseudonym once the retention period after their
    /// end date has passed. The record keeps its number, department, dates and links, so history stays meaningful;
    /// the audit entry names the fields erased, not their values.
    func erase(employeeNumber: String, retentionMonths: Int) async throws -> Employee {
        let today = try await app.organisationToday()
        guard let employee = try await Employee.query(on: app.db).filter(\.$employeeNumber == employeeNumber).first() else {
            throw AppError.notFound
        }
        guard employee.erasedAt == nil else { throw EraseRefusal.alreadyErased }
        guard employee.status == .left, let end = employee.endDate else { throw EraseRefusal.notLeft }
        let until = end.adding(months: retentionMonths)
        guard until <= today else { throw EraseRefusal.withinRetention(until: until) }
        let now = app.services.clock.now()
        let actor = self.actor
        let id = try employee.requireID()
        return try await app.write { db in
            guard let employee = try await Employee.find(id, on: db) else { throw AppError.notFound }
            let pseudonym = "E-" + AuditChain.sha256Hex(id.uuidString).prefix(8).uppercased()
            var erased: [String: AuditChange] = [:]
            for field in ["first_name", "last_name", "work_email", "phone", "job_title", "user"] {
                erased[field] = AuditChange(before: "erased", after: field == "last_name" ? pseudonym : nil)
            }
            employee.firstName = "—"
            employee.lastName = pseudonym
            employee.sortName = pseudonym.lowercased()
            employee.workEmail = nil
            employee.phone = nil
            employee.jobTitle = nil
            employee.userID = nil
            employee.erasedAt = now
            employee.version += 1
            employee.updatedAt = now
            try await employee.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "employee.erase", entityType: "employee", entityID: id.uuidString, changes: erased, at: now)
            return employee
        }
    }
}
