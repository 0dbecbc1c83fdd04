import ArgumentParser
import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Demo data.", subcommands: [Load.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the demo company (sites, departments, employees) and one demo account per role into an empty organisation.")

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "How many employees (at least 30).") var employees = 150
        @ArgumentParser.Option(name: .long, help: "The same seed always gives the same company.") var seed: UInt64 = 1

        func validate() throws {
            guard (30...1_000_000).contains(employees) else { throw ValidationError("--employees must be from 30 to 1,000,000") }
        }

        func run() async throws {
            let started = ContinuousClock.now
            let progress = TerminalProgress(label: "employees")
            let plan = DemoCompanyPlan(employees: employees, seed: seed)
            let phases = NIOLockedValueBox<[String]>([])
            let record: @Sendable (String, Duration) -> Void = { name, duration in
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                phases.withLockedValue { $0.append("\(name) \(String(format: "%.1f", seconds)) s") }
            }
            let summary = try await withApplication(try options.load()) { app in
                do {
                    try await app.useLargeWriteCache()
                    // One unit of work: a failure in any part leaves the database as it was.
                    return try await app.unitOfWork {
                        let start = ContinuousClock.now
                        let summary = try await DemoCompany.load(plan, into: app, actor: .commandLine(), progress: progress.update)
                        record("people", ContinuousClock.now - start)
                        try await DemoData.load(into: app, phase: record)
                        return summary
                    }
                } catch let refusal as DemoCompany.Refusal {
                    throw CommandFailure(refusal.description)
                }
            }
            progress.finish()
            let seconds =
                Double((ContinuousClock.now - started).components.seconds) + Double((ContinuousClock.now - started).components.attoseconds)
                / 1e18
            print(
                "Loaded \(summary.employees) employees in \(summary.departments) departments at \(summary.sites) sites in \(String(format: "%.1f", seconds)) s (\(phases.withLockedValue { $0.joined(separator: ", ") })); demo sign-in \(DemoData.administratorEmail) / \(DemoData.password)."
            )
        }
    }
}

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

/// Progress for long work: a line rewritten in place on a terminal, nothing when output goes elsewhere.
final class TerminalProgress: Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private let last = NIOLockedValueBox(ContinuousClock.now - .seconds(1))

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard isDue(force: done == total) else { return }
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) \(label)".utf8))
    }

    /// Work whose end is not known beforehand (a log read from a pipe): what has been done so far.
    func show(_ text: @autoclosure () -> String) {
        guard isDue(force: false) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text()) \(label)".utf8))
    }

    private func isDue(force: Bool) -> Bool {
        guard enabled else { return false }
        let now = ContinuousClock.now
        return last.withLockedValue { previous -> Bool in
            guard now - previous > .milliseconds(100) || force else { return false }
            previous = now
            return true
        }
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import employees, departments, assets, models, addresses, licences or installations from CSV or JSON: every row is checked first; then all rows are written in one transaction, or none.",
        discussion: """
            Errors are listed as ROW COLUMN: REASON and the command exits 1 without writing anything. With --valid-only (all but employees and departments), \
            the rows without problems are written and the others listed.
            """)

    typealias Kind = FileTransfer.Kind

    @OptionGroup var options: DatabaseOptions
    @ArgumentParser.Argument(help: "employees, departments, assets, models, addresses, licences or installations.") var kind: Kind
    @ArgumentParser.Argument(help: "The CSV or JSON file.") var file: String
    @ArgumentParser.Flag(name: .long, help: "Only check the file; write nothing.") var dryRun = false
    @ArgumentParser.Flag(name: .long, help: "Write the rows without problems and list the others (not for employees or departments).")
    var validOnly = false

    func validate() throws {
        if validOnly, !kind.offersValidRowsOnly { throw ValidationError("--valid-only is not for employees or departments") }
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("\(file) cannot be read") }
        let started = ContinuousClock.now
        let mode: ImportMode = validOnly ? .validRowsOnly : .allOrNothing
        let report = try await withApplication(try options.load()) { app in
            do {
                return try await kind.run(Array(data), commit: !dryRun, mode: mode, app: app, actor: .commandLine(), language: .en)
            } catch let error as AppError where error.code == AppError.preconditionFailed.code {
                throw CommandFailure("records changed while the file was being imported; run the import again")
            }
        }
        for error in report.errors.prefix(1000) {
            FileHandle.standardError.write(Data("\(file):\(error.row) \(error.column): \(error.message)\n".utf8))
        }
        if report.errors.count > 1000 { FileHandle.standardError.write(Data("… and \(report.errors.count - 1000) more\n".utf8)) }
        let elapsed = ContinuousClock.now - started
        let seconds = String(format: "%.1f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        guard report.errors.isEmpty || report.committed else {
            throw CommandFailure(
                "\(report.errors.count) problem\(report.errors.count == 1 ? "" : "s") in \(report.rows) rows; nothing was written")
        }
        let verb = dryRun ? "Checked" : "Imported"
        let left = report.skipped > 0 ? ", \(report.skipped) left out for their problems" : ""
        print(
            "\(verb) \(report.rows) \(kind.rawValue) in \(seconds) s: \(report.created) new, \(report.updated) changed, \(report.unchanged) unchanged\(left)\(dryRun ? " (nothing written)" : "")."
        )
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export employees, departments, assets, models, addresses, licences or installations as CSV or JSON, in a form that re-imports unchanged."
    )

    @OptionGroup var options: DatabaseOptions
    @ArgumentParser.Argument(help: "employees, departments, assets, models, addresses, licences or installations.") var kind:
        ImportCommand.Kind
    @ArgumentParser.Option(name: .long, help: "csv or json.") var format = "csv"
    @ArgumentParser.Option(name: .long, help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        guard OrganisationExport.Format(rawValue: format) != nil else { throw ValidationError("--format must be csv or json") }
    }

    func run() async throws {
        let format = OrganisationExport.Format(rawValue: format)!
        let data = try await withApplication(try options.load()) { app in
            try await kind.export(on: app.db, format: format)
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: data) else {
                throw CommandFailure("\(output) cannot be written")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

extension FileTransfer.Kind: ExpressibleByArgument {}
