import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The employee table as CSV and JSON files carry it: the same columns both ways, so an export re-imports unchanged.
enum EmployeeTable {
    static let columns = [
        "employee_number", "first_name", "last_name", "work_email", "phone", "job_title", "department", "site", "manager_number",
        "start_date",
        "end_date", "status",
    ]
    static let required: Set<String> = ["employee_number", "first_name", "last_name"]

    /// The column a validation error of a field belongs to.
    static let columnOfField: [String: String] = [
        "employeeNumber": "employee_number", "firstName": "first_name", "lastName": "last_name", "workEmail": "work_email",
        "phone": "phone",
        "jobTitle": "job_title", "departmentId": "department", "siteId": "site", "managerId": "manager_number",
        "managerNumber": "manager_number",
        "startDate": "start_date", "endDate": "end_date", "status": "status",
    ]
}

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

    private func write(creates: [Employee], updates: [(Employee, [String: AuditChange], Int)], at now: Date) async throws {
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
