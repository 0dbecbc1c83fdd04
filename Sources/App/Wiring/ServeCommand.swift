import ArgumentParser
import Domain
import Fluent
import Foundation
import Vapor

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Migrate the database and serve the web interface and the API.")

    @OptionGroup var options: DatabaseOptions

    @ArgumentParser.Option(name: .long, help: "Address to listen on (default 127.0.0.1, or QM_HOSTNAME).")
    var hostname: String?

    @ArgumentParser.Option(name: .long, help: "Port to listen on (default 8080, or QM_PORT).")
    var port: Int?

    @ArgumentParser.Flag(name: .long, help: "Load demo data: one account per role (password printed at start).")
    var demo = false

    func run() async throws {
        let config = try options.load(hostname: hostname, port: port)
        var environment = Environment(
            name: "production", arguments: ["quartermaster", "serve", "--hostname", config.hostname, "--port", String(config.port)])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            try await app.configure(config, clock: .system, jobs: .standard)
            try await app.prepareDatabase()
            _ = try await app.services.decoyPassword.value()
            if demo {
                try await DemoData.load(into: app)
            }
            if config.runJobs { app.lifecycle.use(JobRunnerLifecycle()) }
            let url = "http://\(config.hostname):\(config.port)/"
            print("Quartermaster is serving at \(url)")
            if demo {
                print("Demo sign-in: \(DemoData.administratorEmail) / \(DemoData.password) (every role: see README)")
            } else if try await User.query(on: app.db).count() == 0 {
                print("No accounts yet: create the first with `quartermaster user add --role administrator --email … --name …`.")
            }
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
