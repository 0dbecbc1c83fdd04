import Domain
import Fluent
import Foundation
import Vapor

/// Employee records: created, changed and archived (never deleted); erased to a pseudonym once retention has passed.
struct EmployeeService: Sendable {
    let app: Application
    let actor: AuditActor

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
}
