import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// What a directory query reads of each employee: the list page's columns, or every column for the API.
extension EmployeeDirectory {
    /// What a directory query reads for each employee: only the columns it names, straight from SQL. The list is the
    /// hot path, and decoding Fluent models (reflection over every property of every row) costs more than the query.
    protocol Reading: Sendable {
        static var columns: [String] { get }
        init(_ row: any SQLRow) throws
    }

    /// The columns a list page shows.
    struct Summary: Reading {
        let id: UUID
        let employeeNumber: String
        let fullName: String
        let jobTitle: String?
        let departmentId: UUID?
        let siteId: UUID?
        let employmentStatus: EmploymentStatus
        let workEmail: String?
        let phone: String?
        let startDate: String?

        static let columns = [
            "id", "employee_number", "first_name", "last_name", "job_title", "department_id", "site_id", "status", "work_email", "phone",
            "start_date",
        ]

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: UUID.self)
            employeeNumber = try row.decode(column: "employee_number", as: String.self)
            fullName = try "\(row.decode(column: "first_name", as: String.self)) \(row.decode(column: "last_name", as: String.self))"
            jobTitle = try row.decode(column: "job_title", as: String?.self)
            departmentId = try row.decode(column: "department_id", as: UUID?.self)
            siteId = try row.decode(column: "site_id", as: UUID?.self)
            employmentStatus = try EmploymentStatus(rawValue: row.decode(column: "status", as: String.self)) ?? .active
            workEmail = try row.decode(column: "work_email", as: String?.self)
            phone = try row.decode(column: "phone", as: String?.self)
            startDate = try row.decode(column: "start_date", as: String?.self)
        }
    }

    /// Every column, for the API.
    struct Row: Reading {
        let id: UUID
        let employeeNumber: String
        let firstName: String
        let lastName: String
        let workEmail: String?
        let phone: String?
        let jobTitle: String?
        let departmentId: UUID?
        let siteId: UUID?
        let managerId: UUID?
        let startDate: String?
        let endDate: String?
        let status: String
        let userId: UUID?
        let erasedAt: Date?
        let version: Int

        enum CodingKeys: String, CodingKey {
            case id, phone, status, version
            case employeeNumber = "employee_number", firstName = "first_name", lastName = "last_name", workEmail = "work_email"
            case jobTitle = "job_title", departmentId = "department_id", siteId = "site_id", managerId = "manager_id"
            case startDate = "start_date", endDate = "end_date", userId = "user_id", erasedAt = "erased_at"
        }

        static let columns = CodingKeys.allColumns

        /// Reads the columns straight off the row: going through `Decodable` looks every column up two or three times,
        /// which on a 50-row page cost more than the query.
        init(_ row: any SQLRow) throws {
            func optional<T: Decodable>(_ key: CodingKeys, _: T.Type = T.self) throws -> T? {
                try row.decode(column: key.stringValue, as: T?.self)
            }
            id = try row.decode(column: CodingKeys.id.stringValue, as: UUID.self)
            employeeNumber = try row.decode(column: CodingKeys.employeeNumber.stringValue, as: String.self)
            firstName = try row.decode(column: CodingKeys.firstName.stringValue, as: String.self)
            lastName = try row.decode(column: CodingKeys.lastName.stringValue, as: String.self)
            workEmail = try optional(.workEmail)
            phone = try optional(.phone)
            jobTitle = try optional(.jobTitle)
            departmentId = try optional(.departmentId)
            siteId = try optional(.siteId)
            managerId = try optional(.managerId)
            startDate = try optional(.startDate)
            endDate = try optional(.endDate)
            status = try row.decode(column: CodingKeys.status.stringValue, as: String.self)
            userId = try optional(.userId)
            erasedAt = try optional(.erasedAt)
            version = try row.decode(column: CodingKeys.version.stringValue, as: Int.self)
        }

        var employmentStatus: EmploymentStatus { EmploymentStatus(rawValue: status) ?? .active }
    }
}

extension CodingKey where Self: CaseIterable {
    static var allColumns: [String] { allCases.map(\.stringValue) }
}

extension EmployeeDirectory.Row.CodingKeys: CaseIterable {}
