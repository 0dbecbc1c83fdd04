import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Writing a checked file: new managers before their reports, in batches, with one audit entry per record.
extension EmployeeImport {
    /// New records ordered so that a new manager comes before the new people who report to them (the reporting
    /// lines are known to be free of loops by now).
    static func managersFirst(_ creates: [Employee]) -> [Employee] {
        let byID = Dictionary(uniqueKeysWithValues: creates.map { ($0.id!, $0) })
        var depth: [UUID: Int] = [:]
        func depthOf(_ employee: Employee) -> Int {
            if let known = depth[employee.id!] { return known }
            var chain: [Employee] = []
            var current: Employee? = employee
            var base = 0
            while let person = current {
                if let known = depth[person.id!] {
                    base = known + 1
                    break
                }
                chain.append(person)
                current = person.managerID.flatMap { byID[$0] }
            }
            for (offset, person) in chain.reversed().enumerated() { depth[person.id!] = base + offset }
            return depth[employee.id!]!
        }
        return creates.enumerated().sorted { (depthOf($0.element), $0.offset) < (depthOf($1.element), $1.offset) }.map(\.element)
    }

    func write(creates: [Employee], updates: [(Employee, [String: AuditChange], Int)], at now: Date) async throws {
        let actor = self.actor
        try await app.write { db in
            let sql = db.sql
            // Nobody may have changed an updated record since the file was checked: refuse rather than overwrite.
            for batch in stride(from: 0, to: updates.count, by: 500) {
                let slice = updates[batch..<min(batch + 500, updates.count)]
                let current = try await Employee.query(on: db).filter(\.$id ~~ slice.map { $0.0.id! }).all()
                let versions = Dictionary(uniqueKeysWithValues: current.map { ($0.id!, $0.version) })
                if slice.contains(where: { versions[$0.0.id!] != $0.2 }) { throw AppError.preconditionFailed }
            }
            let columns = [
                "id", "employee_number", "first_name", "last_name", "sort_name", "work_email", "phone", "job_title", "department_id",
                "site_id",
                "manager_id", "start_date", "end_date", "status", "user_id", "version", "created_at", "updated_at",
            ]
            func values(_ e: Employee, manager: UUID?) -> [any Encodable & Sendable] {
                [
                    e.id!, e.employeeNumber, e.firstName, e.lastName, e.sortName, e.workEmail, e.phone, e.jobTitle, e.departmentID,
                    e.siteID, manager,
                    e.startDateText, e.endDateText, e.statusRaw, e.userID, e.version, e.createdAt, e.updatedAt,
                ]
            }
            // Managers go in before their reports, so every row's manager already exists when it is inserted.
            for batch in stride(from: 0, to: creates.count, by: 500) {
                var insert = sql.insert(into: Employee.schema).columns(columns)
                for employee in creates[batch..<min(batch + 500, creates.count)] {
                    insert = insert.values(values(employee, manager: employee.managerID).map { SQLBind($0) })
                }
                try await insert.run()
            }
            for (employee, _, _) in updates {
                var update = sql.update(Employee.schema)
                for (column, value) in zip(columns, values(employee, manager: employee.managerID))
                where column != "id" && column != "created_at" {
                    update = update.set(SQLIdentifier(column), to: SQLBind(value))
                }
                try await update.where("id", .equal, SQLBind(employee.id!)).run()
            }
            var entries = creates.map {
                AuditLog.Pending(
                    action: "employee.create", entityType: "employee", entityID: $0.id!.uuidString,
                    changes: AuditLog.diff(before: nil, after: $0.auditFields))
            }
            entries += updates.map {
                AuditLog.Pending(action: "employee.update", entityType: "employee", entityID: $0.0.id!.uuidString, changes: $0.1)
            }
            entries.append(
                AuditLog.Pending(
                    action: "employee.import", entityType: "employee", entityID: nil,
                    changes: [
                        "created": AuditChange(before: nil, after: String(creates.count)),
                        "updated": AuditChange(before: nil, after: String(updates.count)),
                    ]))
            try await AuditLog.appendBatch(on: db, actor: actor, entries, at: now)
        }
    }
}
