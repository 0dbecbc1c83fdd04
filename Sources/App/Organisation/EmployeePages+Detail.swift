import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// An employee's page: the facts, the manager and the direct reports.
extension EmployeePages {
    struct DetailContent: Encodable {
        let id: String
        let number: String
        let name: String
        let facts: [Fact]
        let reports: [Person]
        let canManage: Bool
        let canArchive: Bool
        let version: Int
        let erased: Bool
        /// The person's access to the company's applications, for those who may read it.
        let accessHref: String?

        struct Fact: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        struct Person: Encodable {
            let href: String
            let name: String
            let jobTitle: String
        }
    }

    func detail(_ req: Request) async throws -> Response {
        guard let employee = try await Employee.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let lookups = try await StructureNames.load(on: req.db)
        let manager = try await employee.managerID.asyncMap { try await Employee.find($0, on: req.db) } ?? nil
        let reports = try await Employee.query(on: req.db).filter(\.$managerID == employee.id).filter(
            \.$statusRaw != EmploymentStatus.left.rawValue
        )
        .sort(\.$sortName).limit(200).all()
        let account = try await employee.userID.asyncMap { try await User.find($0, on: req.db) } ?? nil
        let facts: [DetailContent.Fact] = [
            .init(labelKey: "employees.job_title", value: employee.jobTitle ?? "–", href: nil),
            .init(labelKey: "employees.department", value: employee.departmentID.flatMap { lookups.departments[$0] } ?? "–", href: nil),
            .init(labelKey: "employees.site", value: employee.siteID.flatMap { lookups.sites[$0] } ?? "–", href: nil),
            .init(labelKey: "employees.manager", value: manager?.fullName ?? "–", href: manager.map { Paths.employee.path($0.id!) }),
            .init(labelKey: "employees.work_email", value: employee.workEmail ?? "–", href: nil),
            .init(labelKey: "employees.phone", value: employee.phone ?? "–", href: nil),
            .init(labelKey: "employees.start_date", value: req.date(employee.startDateText), href: nil),
            .init(labelKey: "employees.end_date", value: req.date(employee.endDateText), href: nil),
            .init(labelKey: "employees.status", value: req.t(employee.status.labelKey), href: nil),
            .init(labelKey: "employees.account", value: account?.email ?? "–", href: nil),
        ]
        let canManage = req.may(.managePeople) && employee.erasedAt == nil
        return try await req.page(
            "organisation/employee", titleKey: "employees.title", record: employee.fullName,
            DetailContent(
                id: employee.id!.uuidString, number: employee.employeeNumber, name: employee.fullName, facts: facts,
                reports: reports.map { .init(href: Paths.employee.path($0.id!), name: $0.fullName, jobTitle: $0.jobTitle ?? "") },
                canManage: canManage, canArchive: canManage && employee.status != .left, version: employee.version,
                erased: employee.erasedAt != nil,
                accessHref: req.may(.readApplications) ? Paths.employeeAccess.path(employee.id!) : nil))
    }
}
