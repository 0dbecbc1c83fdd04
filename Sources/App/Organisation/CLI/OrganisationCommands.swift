import ArgumentParser
import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

struct EmployeeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "employee", abstract: "Employee records.", subcommands: [Erase.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a former employee's personal data with a pseudonym once the retention period has passed (GDPR Art. 17).",
            discussion:
                "Only for employees who have left, and whose end date lies more than QM_EMPLOYEE_RETENTION_MONTHS (default 36) months back."
        )

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The employee number.") var number: String

        func run() async throws {
            let config = try options.load()
            try await withApplication(config) { app in
                do {
                    let employee = try await EmployeeService(app: app, actor: .commandLine()).erase(
                        employeeNumber: number, retentionMonths: config.employeeRetentionMonths)
                    print("Erased the personal data of employee \(employee.employeeNumber); the record is now \(employee.lastName).")
                } catch let refusal as EmployeeService.EraseRefusal {
                    switch refusal {
                    case .notLeft: throw CommandFailure("employee \(number) has not left; archive the record first")
                    case .withinRetention(let until):
                        throw CommandFailure("employee \(number) is within the retention period until \(until)")
                    case .alreadyErased: throw CommandFailure("employee \(number) was erased already")
                    }
                } catch let error as AppError where error.code == AppError.notFound.code {
                    throw CommandFailure("no employee has the number \(number)")
                }
            }
        }
    }
}
