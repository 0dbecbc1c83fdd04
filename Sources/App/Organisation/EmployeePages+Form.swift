import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The employee form's values, as the record stands or as typed, and the service's input they make.
extension EmployeePages {
    /// The form's fields as typed, so a refused form comes back as the person left it.
    struct Form: Content {
        var employeeNumber: String = ""
        var firstName: String = ""
        var lastName: String = ""
        var workEmail: String = ""
        var phone: String = ""
        var jobTitle: String = ""
        var departmentId: String = ""
        var siteId: String = ""
        var managerNumber: String = ""
        var startDate: String = ""
        var endDate: String = ""
        var status: String = EmploymentStatus.active.rawValue
        var version: Int? = nil

        init(
            employeeNumber: String = "", firstName: String = "", lastName: String = "", workEmail: String = "", phone: String = "",
            jobTitle: String = "", departmentId: String = "", siteId: String = "", managerNumber: String = "", startDate: String = "",
            endDate: String = "", status: String = EmploymentStatus.active.rawValue, version: Int? = nil
        ) {
            self.employeeNumber = employeeNumber
            self.firstName = firstName
            self.lastName = lastName
            self.workEmail = workEmail
            self.phone = phone
            self.jobTitle = jobTitle
            self.departmentId = departmentId
            self.siteId = siteId
            self.managerNumber = managerNumber
            self.startDate = startDate
            self.endDate = endDate
            self.status = status
            self.version = version
        }

        /// A field the browser left out reads as empty.
        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            self.init(
                employeeNumber: form["employeeNumber"], firstName: form["firstName"], lastName: form["lastName"],
                workEmail: form["workEmail"],
                phone: form["phone"], jobTitle: form["jobTitle"], departmentId: form["departmentId"], siteId: form["siteId"],
                managerNumber: form["managerNumber"], startDate: form["startDate"], endDate: form["endDate"],
                status: form["status"].isEmpty ? EmploymentStatus.active.rawValue : form["status"], version: form.version)
        }
    }
}

extension EmployeePages.Form {
    init(_ employee: Employee, on db: any Database) async throws {
        let manager = try await employee.managerID.asyncMap { try await Employee.find($0, on: db) } ?? nil
        self.init(
            employeeNumber: employee.employeeNumber, firstName: employee.firstName, lastName: employee.lastName,
            workEmail: employee.workEmail ?? "",
            phone: employee.phone ?? "", jobTitle: employee.jobTitle ?? "", departmentId: employee.departmentID?.uuidString ?? "",
            siteId: employee.siteID?.uuidString ?? "", managerNumber: manager?.employeeNumber ?? "",
            startDate: employee.startDateText ?? "",
            endDate: employee.endDateText ?? "", status: employee.statusRaw, version: employee.version)
    }

    /// The service's input; the manager is looked up by employee number. Every failing field is reported together:
    /// an unknown manager number as well as the fields the service checks.
    func input(on db: any Database, userID: UUID?) async throws -> EmployeeService.Input {
        var errors: [FieldError] = []
        var managerID: UUID?
        do {
            managerID = try await Employee.byNumber(managerNumber, field: "managerNumber", on: db)?.id
        } catch let failure as ValidationFailure {
            errors += failure.errors
        }
        let input = EmployeeService.Input(
            employeeNumber: employeeNumber, firstName: firstName, lastName: lastName, workEmail: workEmail, phone: phone,
            jobTitle: jobTitle,
            departmentID: UUID(uuidString: departmentId), siteID: UUID(uuidString: siteId), managerID: managerID, startDate: startDate,
            endDate: endDate,
            status: EmploymentStatus(rawValue: status) ?? .active, userID: userID)
        errors += input.validate()
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return input
    }
}
