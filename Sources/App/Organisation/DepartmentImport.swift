import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Imports departments: matched by name; parent by name (it may come later in the file), manager by employee
/// number, cost centre by code, site by name. All rows in one transaction, or none.
struct DepartmentImport: Sendable {
    static let columns = ["name", "parent", "manager_number", "cost_centre", "site"]

    let app: Application
    let actor: AuditActor

    func run(_ data: [UInt8], commit: Bool, language: Language) async throws -> ImportReport {
        var problems = ImportProblems(localizer: app.services.localizer, language: language)
        func fail(_ row: Int, _ column: String, _ code: String) { problems.fail(row, column, code) }
        guard let rows = problems.readTable(data, known: Self.columns, required: ["name"]) else { return problems.refused(rows: 0) }

        let existing = try await Department.query(on: app.db).all()
        var idOfName = Dictionary(existing.map { ($0.name.lowercased(), $0.id!) }, uniquingKeysWith: { a, _ in a })
        let byID = Dictionary(uniqueKeysWithValues: existing.map { ($0.id!, $0) })
        let centres = Dictionary(try await CostCentre.query(on: app.db).all().map { ($0.code, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let sites = Dictionary(
            try await Site.query(on: app.db).all().map { ($0.name.lowercased(), $0.id!) }, uniquingKeysWith: { a, _ in a })
        struct Row {
            let line: Int
            let id: UUID
            let name: String
            let parentName: String
            let input: StructureService.DepartmentInput
        }
        var planned: [Row] = []
        var seen = Set<String>()
        for (index, values) in rows.enumerated() {
            let line = index + 2
            func value(_ column: String) -> String { (values[column] ?? "").trimmingCharacters(in: .whitespaces) }
            let name = value("name")
            if name.isEmpty { fail(line, "name", "required"); continue }
            if !seen.insert(name.lowercased()).inserted { fail(line, "name", "duplicate_in_file"); continue }
            var managerID: UUID?
            if !value("manager_number").isEmpty {
                managerID = try await Employee.query(on: app.db).filter(\.$employeeNumber == value("manager_number")).first()?.id
                if managerID == nil { fail(line, "manager_number", "not_found") }
            }
            let centre = value("cost_centre").isEmpty ? nil : centres[value("cost_centre").uppercased()]
            if !value("cost_centre").isEmpty, centre == nil { fail(line, "cost_centre", "not_found") }
            let site = value("site").isEmpty ? nil : sites[value("site").lowercased()]
            if !value("site").isEmpty, site == nil { fail(line, "site", "not_found") }
            let id = idOfName[name.lowercased()] ?? UUID()
            idOfName[name.lowercased()] = id
            planned.append(
                Row(
                    line: line, id: id, name: name, parentName: value("parent"),
                    input: .init(name: name, managerID: managerID, costCentreID: centre, siteID: site)))
        }
        var parentOf: [UUID: UUID] = [:]
        for department in existing { if let parent = department.parentID { parentOf[department.id!] = parent } }
        var resolved: [(Row, StructureService.DepartmentInput)] = []
        for row in planned {
            var input = row.input
            if !row.parentName.isEmpty {
                guard let parent = idOfName[row.parentName.lowercased()] else { fail(row.line, "parent", "not_found"); continue }
                input.parentID = parent
            }
            parentOf[row.id] = input.parentID
            resolved.append((row, input))
        }
        for (row, input) in resolved where input.parentID != nil {
            if await Hierarchy.wouldCreateCycle(node: row.id, newParent: input.parentID, parentOf: { parentOf[$0] }) {
                fail(row.line, "parent", "department_cycle")
            }
        }
        var created = 0
        var updated = 0
        var unchanged = 0
        var changes: [(Department, [String: AuditChange], Bool)] = []
        let now = app.services.clock.now()
        for (row, input) in resolved {
            let department = byID[row.id] ?? Department()
            let isNew = byID[row.id] == nil
            let before = isNew ? nil : department.auditFields
            if isNew {
                department.id = row.id
                department.version = 1
                department.createdAt = now
            }
            input.apply(to: department)
            let diff = AuditLog.diff(before: before, after: department.auditFields)
            if diff.isEmpty { unchanged += 1; continue }
            if isNew { created += 1 } else { updated += 1; department.version += 1 }
            department.updatedAt = now
            changes.append((department, diff, isNew))
        }
        let errors = problems.sortedErrors
        guard commit, errors.isEmpty else {
            return ImportReport(
                rows: rows.count, created: created, updated: updated, unchanged: unchanged, errors: errors, committed: false)
        }
        let actor = self.actor
        // Parents before children, so the tree's foreign key always points at a row that exists.
        let ordered = changes.sorted { depth($0.0.id!, parentOf) < depth($1.0.id!, parentOf) }
        try await app.write { db in
            for (department, diff, isNew) in ordered {
                if isNew { try await department.create(on: db) } else { try await department.update(on: db) }
                try await AuditLog.append(
                    on: db, actor: actor, action: isNew ? "department.create" : "department.update", entityType: "department",
                    entityID: department.id!.uuidString, changes: diff, at: now)
            }
        }
        return ImportReport(rows: rows.count, created: created, updated: updated, unchanged: unchanged, errors: [], committed: true)
    }

    private func depth(_ id: UUID, _ parentOf: [UUID: UUID]) -> Int {
        var depth = 0
        var current = parentOf[id]
        while let parent = current, depth < 100 {
            depth += 1
            current = parentOf[parent]
        }
        return depth
    }
}
