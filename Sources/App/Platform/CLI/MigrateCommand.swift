import ArgumentParser
import Domain
import Fluent
import Foundation
import Vapor

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending migrations (or revert the last batch).")

    @OptionGroup var options: DatabaseOptions

    @ArgumentParser.Flag(name: .long, help: "Revert the last batch of migrations. Reverting can lose data.")
    var revert = false

    func run() async throws {
        try await withApplication(try options.load(), migrate: false) { app in
            if revert {
                try await app.autoRevert()
                print("Reverted the last batch of migrations.")
            } else {
                try await app.prepareDatabase()
                print("The database is up to date (\(app.services.composition.migrations.count) migrations).")
            }
        }
    }
}
