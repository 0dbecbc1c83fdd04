import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Imports employees from a whole file: every row is checked first (a dry run reports every problem); a commit
/// writes all rows in one transaction, or none. Rows are matched to existing employees by employee number, else by
/// work e-mail, and update them.
struct EmployeeImport: Sendable {
    let app: Application
    let actor: AuditActor

    private struct Planned {
        let row: Int
        let id: UUID
        let existing: Employee?
        let input: EmployeeService.Input
        let managerNumber: String
    }

    func run(_ data: [UInt8], commit: Bool, language: Language) async throws -> ImportReport {
        var problems = ImportProblems(localizer: app.services.localizer, language: language)
        func fail(_ row: Int, _ column: String, _ code: String) { problems.fail(row, column, code) }
        guard let rows = problems.readTable(data, known: EmployeeTable.columns, required: EmployeeTable.required) else {
            return problems.refused(rows: 0)
        }

        let existing = try await Employee.query(on: app.db).all()
        let byNumber = Dictionary(existing.map { ($0.employeeNumber, $0) }, uniquingKeysWith: { first, _ in first })
        let byEmail = Dictionary(existing.compactMap { e in e.workEmail.map { ($0, e) } }, uniquingKeysWith: { first, _ in first })
        let departments = Dictionary(
            try await Department.query(on: app.db).all().map { ($0.name.lowercased(), $0.id!) }, uniquingKeysWith: { a, _ in a })
        let sites = Dictionary(
            try await Site.query(on: app.db).all().map { ($0.name.lowercased(), $0.id!) }, uniquingKeysWith: { a, _ in a })

        var planned: [Planned] = []
        var numbersInFile: [String: Int] = [:]
        var emailsInFile: [String: Int] = [:]
        var matchedIDs = Set<UUID>()
        var failedManagerReferences: [(row: Int, number: String)] = []
        for (index, values) in rows.enumerated() {
            let row = index + 2
            func value(_ column: String) -> String { (values[column] ?? "").trimmingCharacters(in: .whitespaces) }
            let number = value("employee_number")
            let email = value("work_email").lowercased()
            var rowFailed = false
            if numbersInFile[number] != nil, !number.isEmpty {
                fail(row, "employee_number", "duplicate_in_file")
                rowFailed = true
            }
            numbersInFile[number] = row
            if !email.isEmpty {
                if emailsInFile[email] != nil {
                    fail(row, "work_email", "duplicate_in_file")
                    rowFailed = true
                }
                emailsInFile[email] = row
            }
            var status = EmploymentStatus.active
            if !value("status").isEmpty {
                if let parsed = EmploymentStatus(rawValue: value("status").lowercased()) {
                    status = parsed
                } else {
                    fail(row, "status", "invalid"); rowFailed = true
                }
            }
            var departmentID: UUID?
            if !value("department").isEmpty {
                departmentID = departments[value("department").lowercased()]
                if departmentID == nil { fail(row, "department", "not_found"); rowFailed = true }
            }
            var siteID: UUID?
            if !value("site").isEmpty {
                siteID = sites[value("site").lowercased()]
                if siteID == nil { fail(row, "site", "not_found"); rowFailed = true }
            }
            let match = byNumber[number] ?? (email.isEmpty ? nil : byEmail[email])
            if let match {
                if !matchedIDs.insert(match.id!).inserted { fail(row, "employee_number", "duplicate_in_file"); rowFailed = true }
                if match.erasedAt != nil { fail(row, "employee_number", "erased"); rowFailed = true }
            }
            if !email.isEmpty, let holder = byEmail[email], holder.id != match?.id { fail(row, "work_email", "taken"); rowFailed = true }
            let input = EmployeeService.Input(
                employeeNumber: number, firstName: value("first_name"), lastName: value("last_name"), workEmail: email,
                phone: value("phone"),
                jobTitle: value("job_title"), departmentID: departmentID, siteID: siteID, managerID: nil, startDate: value("start_date"),
                endDate: value("end_date"), status: status, userID: match?.userID)
            for error in input.validate() {
                fail(row, EmployeeTable.columnOfField[error.field] ?? error.field, error.code.rawValue); rowFailed = true
            }
            if !rowFailed {
                planned.append(
                    Planned(row: row, id: match?.id ?? UUID(), existing: match, input: input, managerNumber: value("manager_number")))
            } else if !value("manager_number").isEmpty {
                failedManagerReferences.append((row, value("manager_number")))
            }
        }

        // Managers may be existing employees or rows of the same file; the final reporting lines must not loop.
        var idOfNumber: [String: UUID] = [:]
        for employee in existing { idOfNumber[employee.employeeNumber] = employee.id }
        for plan in planned {
            if let old = plan.existing?.employeeNumber, old != plan.input.employeeNumber, idOfNumber[old] == plan.id {
                idOfNumber[old] = nil
            }
            idOfNumber[plan.input.employeeNumber] = plan.id
        }
        // Rows refused already still get their manager checked, so the report lists every problem at once.
        for reference in failedManagerReferences where idOfNumber[reference.number] == nil && numbersInFile[reference.number] == nil {
            fail(reference.row, "manager_number", "not_found")
        }
        var managerOf: [UUID: UUID] = [:]
        for employee in existing { if let manager = employee.managerID { managerOf[employee.id!] = manager } }
        var resolved: [(Planned, UUID?)] = []
        for plan in planned {
            var managerID: UUID?
            if !plan.managerNumber.isEmpty {
                managerID = idOfNumber[plan.managerNumber]
                if managerID == nil { fail(plan.row, "manager_number", "not_found"); continue }
            }
            managerOf[plan.id] = managerID
            resolved.append((plan, managerID))
        }
        for (plan, managerID) in resolved where managerID != nil {
            if await Hierarchy.wouldCreateCycle(node: plan.id, newParent: managerID, parentOf: { managerOf[$0] }) {
                fail(plan.row, "manager_number", "reporting_cycle")
            }
        }

        // What changes: new records, and existing ones whose fields differ.
        var creates: [Employee] = []
        var updates: [(Employee, [String: AuditChange], Int)] = []
        var unchanged = 0
        let now = app.services.clock.now()
        for (plan, managerID) in resolved {
            var input = plan.input
            input.managerID = managerID
            let record = Employee()
            record.id = plan.id
            input.apply(to: record)
            if let current = plan.existing {
                let diff = AuditLog.diff(before: current.auditFields, after: record.auditFields)
                if diff.isEmpty {
                    unchanged += 1
                } else {
                    record.version = current.version + 1
                    record.createdAt = current.createdAt
                    record.updatedAt = now
                    updates.append((record, diff, current.version))
                }
            } else {
                record.version = 1
                record.createdAt = now
                record.updatedAt = now
                creates.append(record)
            }
        }
        let errors = problems.sortedErrors
        guard commit, errors.isEmpty else {
            return ImportReport(
                rows: rows.count, created: creates.count, updated: updates.count, unchanged: unchanged, errors: errors, committed: false)
        }
        try await write(creates: Self.managersFirst(creates), updates: updates, at: now)
        if creates.count + updates.count >= 1000 { try await refreshStatistics(of: "employees", on: app.db) }
        return ImportReport(
            rows: rows.count, created: creates.count, updated: updates.count, unchanged: unchanged, errors: [], committed: true)
    }
}
