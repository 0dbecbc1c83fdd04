import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The department tree with managers and head counts.
enum OrgChart {
    static func build(on db: any Database) async throws -> [OrgChartNode] {
        let departments = try await Department.query(on: db).filter(\.$archivedAt == nil).sort(\.$name).all()
        let rows = try await db.sql.raw(
            "SELECT department_id, CAST(sum(n) AS BIGINT) AS n FROM employee_counts WHERE status <> 'left' GROUP BY department_id"
        ).all()
        var counts: [UUID: Int] = [:]
        for row in rows {
            // The sentinel for "no department" is not a UUID on SQLite; it matches no department either way.
            guard let id = try? row.decode(column: "department_id", as: UUID.self) else { continue }
            counts[id] = try row.decode(column: "n", as: Int.self)
        }
        let managerIDs = departments.compactMap(\.managerID)
        let managers = managerIDs.isEmpty ? [] : try await Employee.query(on: db).filter(\.$id ~~ managerIDs).all()
        let names = Dictionary(uniqueKeysWithValues: managers.map { ($0.id!, $0.fullName) })
        let byParent = Dictionary(grouping: departments, by: \.parentID)

        func node(_ department: Department, depth: Int) -> OrgChartNode {
            let children = depth < 50 ? (byParent[department.id] ?? []).map { node($0, depth: depth + 1) } : []
            let own = counts[department.id!] ?? 0
            return OrgChartNode(
                id: department.id!, name: department.name, managerId: department.managerID,
                managerName: department.managerID.flatMap { names[$0] },
                headCount: own, totalHeadCount: own + children.reduce(0) { $0 + $1.totalHeadCount }, children: children)
        }
        return (byParent[nil] ?? []).map { node($0, depth: 0) }
    }
}

/// The people who report to an employee, directly or through their reports.
enum Team {
    struct Member: Sendable {
        let employee: Employee
        /// 1 for a direct report, 2 for their reports, and so on.
        let level: Int
    }

    static func of(_ managerID: UUID, on db: any Database, maximumLevels: Int = 10) async throws -> [Member] {
        var members: [Member] = []
        var seen: Set<UUID> = [managerID]
        var frontier = [managerID]
        var level = 1
        while !frontier.isEmpty, level <= maximumLevels {
            let reports = try await Employee.query(on: db).filter(\.$managerID ~~ frontier).filter(
                \.$statusRaw != EmploymentStatus.left.rawValue
            )
            .sort(\.$sortName).all()
            frontier = []
            for report in reports where seen.insert(report.id!).inserted {
                members.append(Member(employee: report, level: level))
                frontier.append(report.id!)
            }
            level += 1
        }
        return members
    }
}
