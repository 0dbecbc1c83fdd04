import Domain
import Fluent
import Foundation
import Vapor

extension EmployeeService.Input {
    /// Checks against the database, inside the writing transaction.
    func checkReferences(on db: any Database, employee id: UUID?) async throws {
        var errors: [FieldError] = []
        func taken<Value: Codable & Sendable>(_ key: KeyPath<Employee, FieldProperty<Employee, Value>>, _ value: Value, _ field: String)
            async throws
        {
            var query = Employee.query(on: db).filter(key == value)
            if let id { query = query.filter(\.$id != id) }
            if try await query.first() != nil { errors.append(FieldError(field: field, code: .taken)) }
        }
        func takenOptional<Value: Codable & Sendable>(
            _ key: KeyPath<Employee, OptionalFieldProperty<Employee, Value>>, _ value: Value?, _ field: String
        ) async throws {
            guard let value else { return }
            var query = Employee.query(on: db).filter(key == value)
            if let id { query = query.filter(\.$id != id) }
            if try await query.first() != nil { errors.append(FieldError(field: field, code: .taken)) }
        }
        try await taken(\.$employeeNumber, employeeNumber.trimmingCharacters(in: .whitespaces), "employeeNumber")
        try await takenOptional(\.$workEmail, workEmail?.normalisedEmail.nilIfEmpty, "workEmail")
        try await takenOptional(\.$userID, userID, "userId")
        if let departmentID, try await Department.find(departmentID, on: db) == nil {
            errors.append(FieldError(field: "departmentId", code: .notFound))
        }
        if let siteID, try await Site.find(siteID, on: db) == nil { errors.append(FieldError(field: "siteId", code: .notFound)) }
        if let managerID, try await Employee.find(managerID, on: db) == nil {
            errors.append(FieldError(field: "managerId", code: .notFound))
        }
        if let userID, try await User.find(userID, on: db) == nil { errors.append(FieldError(field: "userId", code: .notFound)) }
        if let id,
            try await Hierarchy.wouldCreateCycle(
                node: id, newParent: managerID, parentOf: { try await Employee.find($0, on: db)?.managerID })
        {
            errors.append(FieldError(field: "managerId", code: .reportingCycle))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}
