import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import Vapor

/// The `quartermaster` command. The executable's `@main` only calls `QuartermasterCommand.run(arguments:)`.
public struct QuartermasterCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quartermaster",
        abstract: "Run a company's IT: inventory, monitoring, people, projects, budget — one program.",
        discussion:
            "Exit codes: 0 success, 1 failure, 2 usage error. Settings: flags, then environment (DATABASE_URL, QM_*), then --config FILE.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, UserCommand.self, TokenCommand.self, AuditCommand.self, BackupCommand.self,
            RestoreCommand.self, DemoCommand.self, EmployeeCommand.self, ImportCommand.self, ExportCommand.self, IPCommand.self,
            CheckCommand.self, IngestCommand.self, UsageCommand.self, DirectoryCommand.self,
        ])

    public init() {}

    /// Runs Swift Concurrency's jobs on NIO's event loops instead of a pool of its own, so an async handler awaiting a
    /// database reply resumes without a thread switch. The executable calls this first, before any other async work.
    public static func runTasksOnEventLoops() {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Parses and runs; returns the process exit code. Errors go to standard error in one sentence.
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return 0
            }
            if let failure = error as? CommandFailure {
                FileHandle.standardError.write(Data("quartermaster: \(failure.message)\n".utf8))
                return 1
            }
            if let exit = error as? ExitCode { return exit.rawValue }
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data((message.isEmpty ? "quartermaster: \(error)" : message).utf8 + [10]))
            // ArgumentParser reports bad usage as EX_USAGE (64); Quartermaster promises 2.
            return code == .validationFailure ? 2 : 1
        }
    }
}

/// A failure to report to the person at the terminal, in one sentence.
struct CommandFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// `--database` and `--config`, shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @ArgumentParser.Option(
        name: .long,
        help: "sqlite:PATH or postgres://user:password@host:port/database (default sqlite:quartermaster.sqlite, or DATABASE_URL).")
    var database: String?

    @ArgumentParser.Option(name: .long, help: "A JSON file of settings (QM_* names).")
    var config: String?

    func load(hostname: String? = nil, port: Int? = nil) throws -> AppConfig {
        do {
            return try AppConfig.load(
                overrides: .init(database: database, hostname: hostname, port: port, configFile: config),
                environment: ProcessInfo.processInfo.environment)
        } catch let invalid as AppConfig.Invalid {
            throw CommandFailure(invalid.description)
        }
    }
}

/// Opens the configured database for a command (migrating it), runs `body`, and always shuts down.
func withApplication<T>(_ config: AppConfig, migrate: Bool = true, _ body: (Application) async throws -> T) async throws -> T {
    var config = config
    config.runJobs = false
    // A command's own output is what matters on the terminal; the server's info chatter (migrations) is not.
    config.logLevel = "warning"
    let app = try await Application.make(Environment(name: "production", arguments: ["quartermaster"]))
    do {
        try await app.configure(config, clock: AppClock.system, jobs: .standard)
        if migrate { try await app.prepareDatabase(forReading: false) }
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}
