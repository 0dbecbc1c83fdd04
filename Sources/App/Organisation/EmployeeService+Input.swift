import Domain
import Fluent
import Foundation
import Vapor

extension EmployeeService {
    struct Input: Sendable {
        var employeeNumber: String
        var firstName: String
        var lastName: String
        var workEmail: String?
        var phone: String?
        var jobTitle: String?
        var departmentID: UUID?
        var siteID: UUID?
        var managerID: UUID?
        var startDate: String?
        var endDate: String?
        var status: EmploymentStatus
        var userID: UUID?

        /// Checks that need no database; every failing field is reported.
        /// The record's current values, with a new account link.
        init(from employee: Employee, userID: UUID?) {
            self.init(
                employeeNumber: employee.employeeNumber, firstName: employee.firstName, lastName: employee.lastName,
                workEmail: employee.workEmail,
                phone: employee.phone, jobTitle: employee.jobTitle, departmentID: employee.departmentID, siteID: employee.siteID,
                managerID: employee.managerID, startDate: employee.startDateText, endDate: employee.endDateText, status: employee.status,
                userID: userID)
        }

        init(
            employeeNumber: String, firstName: String, lastName: String, workEmail: String? = nil, phone: String? = nil,
            jobTitle: String? = nil,
            departmentID: UUID? = nil, siteID: UUID? = nil, managerID: UUID? = nil, startDate: String? = nil, endDate: String? = nil,
            status: EmploymentStatus, userID: UUID? = nil
        ) {
            self.employeeNumber = employeeNumber
            self.firstName = firstName
            self.lastName = lastName
            self.workEmail = workEmail
            self.phone = phone
            self.jobTitle = jobTitle
            self.departmentID = departmentID
            self.siteID = siteID
            self.managerID = managerID
            self.startDate = startDate
            self.endDate = endDate
            self.status = status
            self.userID = userID
        }

        func validate() -> [FieldError] {
            var errors = [
                Validate.required(employeeNumber, field: "employeeNumber", maxLength: 20), Validate.required(firstName, field: "firstName"),
                Validate.required(lastName, field: "lastName"),
            ].compactMap { $0 }
            if let email = workEmail?.trimmingCharacters(in: .whitespaces), !email.isEmpty,
                let error = Validate.email(email, field: "workEmail")
            {
                errors.append(error)
            }
            if let phone = phone?.trimmingCharacters(in: .whitespaces), !phone.isEmpty,
                phone.count > 40 || !phone.allSatisfy({ $0.isNumber || " +-()/".contains($0) })
            {
                errors.append(FieldError(field: "phone", code: .invalid))
            }
            if let title = jobTitle, title.count > 200 { errors.append(FieldError(field: "jobTitle", code: .tooLong)) }
            let start = startDate?.nilIfEmpty.map { CalendarDate($0) }
            let end = endDate?.nilIfEmpty.map { CalendarDate($0) }
            if case .some(.none) = start { errors.append(FieldError(field: "startDate", code: .dateInvalid)) }
            if case .some(.none) = end { errors.append(FieldError(field: "endDate", code: .dateInvalid)) }
            if let start = start ?? nil, let end = end ?? nil, end < start {
                errors.append(FieldError(field: "endDate", code: .endBeforeStart))
            }
            return errors
        }

        func apply(to employee: Employee) {
            employee.employeeNumber = employeeNumber.trimmingCharacters(in: .whitespaces)
            employee.firstName = firstName.trimmingCharacters(in: .whitespaces)
            employee.lastName = lastName.trimmingCharacters(in: .whitespaces)
            employee.sortName = Employee.sortName(first: employee.firstName, last: employee.lastName)
            employee.workEmail = workEmail?.normalisedEmail.nilIfEmpty
            employee.phone = phone?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            employee.jobTitle = jobTitle?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            employee.departmentID = departmentID
            employee.siteID = siteID
            employee.managerID = managerID
            employee.startDateText = startDate?.nilIfEmpty
            employee.endDateText = endDate?.nilIfEmpty
            employee.statusRaw = status.rawValue
            employee.userID = userID
        }
    }
}
