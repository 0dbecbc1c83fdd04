import ArgumentParser
import Domain
import Foundation
import Vapor

/// `quartermaster ip`: address management from the terminal.
struct IPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ip", abstract: "IP address management.", subcommands: [NextFree.self])

    struct NextFree: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "next-free",
            abstract: "Print the lowest usable address of a prefix that no recorded address takes.",
            discussion: "Example: quartermaster ip next-free 10.1.0.0/16. Exits with 1 when the prefix is full.")

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The prefix, such as 10.1.0.0/16 or 2001:db8:1::/64.") var prefix: String

        func run() async throws {
            guard let parsed = IPPrefix(prefix) else {
                throw CommandFailure("\(prefix) is not a prefix in CIDR form with its network address (such as 10.1.0.0/16)")
            }
            try await withApplication(try options.load()) { app in
                guard let free = try await IPAMService.nextFree(in: parsed, on: app.db) else {
                    throw CommandFailure("\(parsed) has no free address")
                }
                print(free)
            }
        }
    }
}
