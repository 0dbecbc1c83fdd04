import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The employee table as CSV and JSON files carry it: the same columns both ways, so an export re-imports unchanged.
enum EmployeeTable {
    static let columns = [
        "employee_number", "first_name", "last_name", "work_email", "phone", "job_title", "department", "site", "manager_number",
        "start_date",
        "end_date", "status",
    ]
    static let required: Set<String> = ["employee_number", "first_name", "last_name"]

    /// The column a validation error of a field belongs to.
    static let columnOfField: [String: String] = [
        "employeeNumber": "employee_number", "firstName": "first_name", "lastName": "last_name", "workEmail": "work_email",
        "phone": "phone",
        "jobTitle": "job_title", "departmentId": "department", "siteId": "site", "managerId": "manager_number",
        "managerNumber": "manager_number",
        "startDate": "start_date", "endDate": "end_date", "status": "status",
    ]
}
