import Domain
import Foundation
import Vapor

/// Creating takes every required field; changing (PATCH) takes any subset, and `null` clears a field.
struct EmployeeBody: APIRequestBody {
    let employeeNumber: String?
    let firstName: String?
    let lastName: String?
    let workEmail: String?
    let phone: String?
    let jobTitle: String?
    let departmentId: UUID?
    let siteId: UUID?
    let managerId: UUID?
    let startDate: String?
    let endDate: String?
    let status: EmploymentStatus?
    let userId: UUID?

    static let fieldNames = Set(EmployeeDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // EmployeeService.Input.validate, after merging with the stored record.

    /// The record's new state: fields present in the body replace the stored ones.
    func merged(over base: Employee?, present: Set<String>) -> EmployeeService.Input {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return EmployeeService.Input(
            employeeNumber: pick("employeeNumber", employeeNumber, base?.employeeNumber) ?? "",
            firstName: pick("firstName", firstName, base?.firstName) ?? "", lastName: pick("lastName", lastName, base?.lastName) ?? "",
            workEmail: pick("workEmail", workEmail, base?.workEmail), phone: pick("phone", phone, base?.phone),
            jobTitle: pick("jobTitle", jobTitle, base?.jobTitle), departmentID: pick("departmentId", departmentId, base?.departmentID),
            siteID: pick("siteId", siteId, base?.siteID), managerID: pick("managerId", managerId, base?.managerID),
            startDate: pick("startDate", startDate, base?.startDateText), endDate: pick("endDate", endDate, base?.endDateText),
            status: pick("status", status, base?.status) ?? .active, userID: pick("userId", userId, base?.userID))
    }

    static let schema = JSONSchema.object(properties: EmployeeDTO.fieldSchemas, required: [])
}

struct ArchiveBody: APIRequestBody {
    let endDate: String?

    static let fieldNames: Set<String> = ["endDate"]
    func validate() -> [FieldError] {
        if let endDate, CalendarDate(endDate) == nil { return [FieldError(field: "endDate", code: .dateInvalid)] }
        return []
    }

    static let schema = JSONSchema.object(properties: ["endDate": .string(format: "date")], required: [])
}
