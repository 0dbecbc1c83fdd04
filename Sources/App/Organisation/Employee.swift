import Domain
import Fluent
import Foundation
import Vapor

final class Employee: Model, @unchecked Sendable {
    static let schema = "employees"

    @ID(key: .id) var id: UUID?
    @Field(key: "employee_number") var employeeNumber: String
    @Field(key: "first_name") var firstName: String
    @Field(key: "last_name") var lastName: String
    @Field(key: "sort_name") var sortName: String
    @OptionalField(key: "work_email") var workEmail: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "job_title") var jobTitle: String?
    @OptionalField(key: "department_id") var departmentID: UUID?
    @OptionalField(key: "site_id") var siteID: UUID?
    @OptionalField(key: "manager_id") var managerID: UUID?
    @OptionalField(key: "start_date") var startDateText: String?
    @OptionalField(key: "end_date") var endDateText: String?
    @Field(key: "status") var statusRaw: String
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "erased_at") var erasedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var status: EmploymentStatus { EmploymentStatus(rawValue: statusRaw) ?? .active }
    var startDate: CalendarDate? { startDateText.flatMap(CalendarDate.init) }
    var endDate: CalendarDate? { endDateText.flatMap(CalendarDate.init) }
    var fullName: String { "\(firstName) \(lastName)" }

    /// The sort and search key: "last first", lower-cased.
    static func sortName(first: String, last: String) -> String {
        "\(last) \(first)".lowercased()
    }

    var auditFields: [String: String] {
        [
            "employee_number": employeeNumber, "first_name": firstName, "last_name": lastName, "work_email": workEmail ?? "",
            "phone": phone ?? "", "job_title": jobTitle ?? "", "department": departmentID?.uuidString ?? "",
            "site": siteID?.uuidString ?? "", "manager": managerID?.uuidString ?? "", "start_date": startDateText ?? "",
            "end_date": endDateText ?? "", "status": statusRaw, "user": userID?.uuidString ?? "",
        ]
    }
}

extension Employee: VersionedRecord {
    static let auditEntityType = "employee"
    var auditLabel: String { "\(firstName) \(lastName)" }
    static func auditPath(_ id: UUID) -> String? { Paths.employee.path(id) }
}
