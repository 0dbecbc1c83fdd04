import Domain
import Foundation
import Vapor

struct EmployeeDTO: Content {
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
    let status: EmploymentStatus
    let userId: UUID?
    let erased: Bool
    let version: Int

    init(_ row: EmployeeDirectory.Row) {
        id = row.id
        employeeNumber = row.employeeNumber
        firstName = row.firstName
        lastName = row.lastName
        workEmail = row.workEmail
        phone = row.phone
        jobTitle = row.jobTitle
        departmentId = row.departmentId
        siteId = row.siteId
        managerId = row.managerId
        startDate = row.startDate
        endDate = row.endDate
        status = row.employmentStatus
        userId = row.userId
        erased = row.erasedAt != nil
        version = row.version
    }

    init(_ employee: Employee) {
        id = employee.id!
        employeeNumber = employee.employeeNumber
        firstName = employee.firstName
        lastName = employee.lastName
        workEmail = employee.workEmail
        phone = employee.phone
        jobTitle = employee.jobTitle
        departmentId = employee.departmentID
        siteId = employee.siteID
        managerId = employee.managerID
        startDate = employee.startDateText
        endDate = employee.endDateText
        status = employee.status
        userId = employee.userID
        erased = employee.erasedAt != nil
        version = employee.version
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "employeeNumber": .string(), "firstName": .string(), "lastName": .string(), "workEmail": .nullable(.string(format: "email")),
        "phone": .nullable(.string()), "jobTitle": .nullable(.string()), "departmentId": .nullable(.string(format: "uuid")),
        "siteId": .nullable(.string(format: "uuid")), "managerId": .nullable(.string(format: "uuid")),
        "startDate": .nullable(.string(format: "date")), "endDate": .nullable(.string(format: "date")),
        "status": .string(enumeration: EmploymentStatus.allCases.map(\.rawValue)), "userId": .nullable(.string(format: "uuid")),
    ]

    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(["id": .string(format: "uuid"), "erased": .boolean, "version": .integer(minimum: 1)]) { a, _ in a
        },
        required: ["id", "employeeNumber", "firstName", "lastName", "status", "erased", "version"])
}
