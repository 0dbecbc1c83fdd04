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
