import Domain
import Fluent
import Foundation

final class Site: Model, @unchecked Sendable {
    static let schema = "sites"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String
    @Field(key: "country") var country: String
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Children(for: \.$site) var rooms: [Room]

    init() {}

    var auditFields: [String: String] {
        ["name": name, "address": address, "country": country, "time_zone": timeZone, "archived": String(archivedAt != nil)]
    }
}

final class Room: Model, @unchecked Sendable {
    static let schema = "rooms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "site_id") var site: Site
    @Field(key: "name") var name: String
    @OptionalField(key: "floor") var floor: String?

    init() {}
}

final class CostCentre: Model, @unchecked Sendable {
    static let schema = "cost_centres"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] {
        ["code": code, "name": name, "owner": ownerID?.uuidString ?? "", "archived": String(archivedAt != nil)]
    }
}

final class Department: Model, @unchecked Sendable {
    static let schema = "departments"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @OptionalField(key: "manager_id") var managerID: UUID?
    @OptionalField(key: "cost_centre_id") var costCentreID: UUID?
    @OptionalField(key: "site_id") var siteID: UUID?
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var auditFields: [String: String] {
        [
            "name": name, "parent": parentID?.uuidString ?? "", "manager": managerID?.uuidString ?? "",
            "cost_centre": costCentreID?.uuidString ?? "", "site": siteID?.uuidString ?? "", "archived": String(archivedAt != nil),
        ]
    }
}

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

extension Room: AuditSubject {
    static let auditEntityType = "room"
    var auditLabel: String { name }
}
