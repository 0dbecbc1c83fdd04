import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The employee directory, an employee's page, and the forms to create, change and archive.
struct EmployeePages: Sendable {
    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let number: String
            let name: String
            let jobTitle: String
            let department: String
            let site: String
            let status: String
        }

        let rows: [Row]
        let q: String
        let managerNumber: String
        let departments: [Choice]
        let sites: [Choice]
        let statuses: [Choice]
        let columns: [SortLink]
        let pager: PagerContent
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let (employees, total, query, filters) = try await EmployeeDirectory.list(req, reading: EmployeeDirectory.Summary.self)
        let lookups = try await StructureNames.load(on: req.db)
        let statusLabels = Dictionary(uniqueKeysWithValues: EmploymentStatus.allCases.map { ($0, req.t($0.labelKey)) })
        let links = ListLinks(
            .employees, query: query,
            filters: [
                ("q", filters.q), ("department", filters.department?.uuidString), ("site", filters.site?.uuidString),
                ("managerNumber", filters.managerNumber), ("status", filters.status),
            ])
        let columns = links.columns([("employeeNumber", "employees.number"), ("name", "employees.name")])
        let content = ListContent(
            rows: employees.map {
                .init(
                    href: Paths.employee.path($0.id), number: $0.employeeNumber, name: $0.fullName, jobTitle: $0.jobTitle ?? "",
                    department: $0.departmentId.flatMap { lookups.departments[$0] } ?? "",
                    site: $0.siteId.flatMap { lookups.sites[$0] } ?? "",
                    status: statusLabels[$0.employmentStatus] ?? "")
            }, q: filters.q ?? "", managerNumber: filters.managerNumber ?? "",
            departments: lookups.departmentChoices(selected: filters.department), sites: lookups.siteChoices(selected: filters.site),
            statuses: (EmploymentStatus.allCases.map(\.rawValue) + ["all"]).map {
                Choice(value: $0, label: req.t($0 == "all" ? "list.all" : "employment.\($0)"), selected: $0 == filters.status)
            }, columns: columns,
            pager: links.pager(req, shown: employees.count, total: total),
            canManage: req.may(.managePeople))
        return try await req.page("organisation/employees", titleKey: "employees.title", content)
    }
}
