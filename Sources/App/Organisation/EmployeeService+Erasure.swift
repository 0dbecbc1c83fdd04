import Domain
import Fluent
import Foundation
import Vapor

/// Erasure: a former employee's personal fields replaced by a pseudonym once retention has passed.
extension EmployeeService {
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
