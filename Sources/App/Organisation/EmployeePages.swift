import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The employee directory, an employee's page, and the forms to create, change and archive.
struct EmployeePages: Sendable {
    /// The people list's columns; the number and the name name the row and are always shown.
    static let columns = ListColumns(
        list: "employees",
        columns: [
            .init("employeeNumber", "employees.number", fixed: true), .init("name", "employees.name", fixed: true),
            .init("jobTitle", "employees.job_title"), .init("department", "employees.department"), .init("site", "employees.site"),
            .init("status", "employees.status"), .init("workEmail", "employees.work_email", shownByDefault: false),
            .init("phone", "employees.phone", shownByDefault: false), .init("startDate", "employees.start_date", shownByDefault: false),
        ])

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let number: String
            let name: String
            /// The chosen columns after the number and the name, in order.
            let cells: [TableCell]
        }

        let rows: [Row]
        let q: String
        let managerNumber: String
        let departments: [Choice]
        let sites: [Choice]
        let statuses: [Choice]
        let columns: [SortLink]
        let chooser: ColumnChooser
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
        let shown = try await req.chosenColumns(Self.columns)
        let labels = Dictionary(uniqueKeysWithValues: Self.columns.columns.map { ($0.key, req.t($0.labelKey)) })
        func cell(_ key: String, _ employee: EmployeeDirectory.Summary) -> TableCell {
            switch key {
            case "jobTitle": .init(employee.jobTitle ?? "")
            case "department": .init(employee.departmentId.flatMap { lookups.departments[$0] } ?? "")
            case "site": .init(employee.siteId.flatMap { lookups.sites[$0] } ?? "")
            case "status": .init(statusLabels[employee.employmentStatus] ?? "")
            case "workEmail": .init(employee.workEmail ?? "", href: employee.workEmail.map { "mailto:" + $0 })
            case "phone": .init(employee.phone ?? "", href: employee.phone.map { "tel:" + $0.filter { !$0.isWhitespace } })
            case "startDate": .init(req.date(employee.startDate))
            default: .init("")
            }
        }
        let content = ListContent(
            rows: employees.map { employee in
                .init(
                    href: Paths.employee.path(employee.id), number: employee.employeeNumber, name: employee.fullName,
                    cells: shown.dropFirst(2).map { cell($0, employee).labelled(labels[$0] ?? "") })
            }, q: filters.q ?? "", managerNumber: filters.managerNumber ?? "",
            departments: lookups.departmentChoices(selected: filters.department), sites: lookups.siteChoices(selected: filters.site),
            statuses: (EmploymentStatus.allCases.map(\.rawValue) + ["all"]).map {
                Choice(value: $0, label: req.t($0 == "all" ? "list.all" : "employment.\($0)"), selected: $0 == filters.status)
            },
            columns: links.columns(
                shown.compactMap { key in Self.columns.columns.first { $0.key == key } }.map { ($0.key, $0.labelKey) },
                sortable: EmployeeDirectory.sorts),
            chooser: ColumnChooser(req, Self.columns, shown: shown, back: links.link(offset: query.offset)),
            pager: links.pager(req, shown: employees.count, total: total),
            canManage: req.may(.managePeople))
        return try await req.page("organisation/employees", titleKey: "employees.title", content)
    }
}
