import ArgumentParser
import Foundation
import Vapor

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import employees, departments, assets, models, addresses, licences or installations from CSV or JSON: every row is checked first; then all rows are written in one transaction, or none.",
        discussion: """
            Errors are listed as ROW COLUMN: REASON and the command exits 1 without writing anything. With --valid-only (all but employees and departments), \
            the rows without problems are written and the others listed.
            """)

    typealias Kind = TransferTable

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
            "\(verb) \(report.rows) \(kind.name) in \(seconds) s: \(report.created) new, \(report.updated) changed, \(report.unchanged) unchanged\(left)\(dryRun ? " (nothing written)" : "")."
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
        guard ExportFormat(rawValue: format) != nil else { throw ValidationError("--format must be csv or json") }
    }

    func run() async throws {
        let format = ExportFormat(rawValue: format)!
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

extension TransferTable: ExpressibleByArgument {}
