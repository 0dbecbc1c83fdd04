import ArgumentParser
import Domain
import Fluent
import Foundation
import Vapor

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts.", subcommands: [Add.self, List.self, Passwd.self, Disable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user account (the first administrator, for example).")

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Sign-in e-mail address.") var email: String
        @ArgumentParser.Option(name: .long, help: "Full name.") var name: String
        @ArgumentParser.Option(name: .long, help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @ArgumentParser.Flag(name: .long, help: "Read the password from standard input instead of prompting.") var passwordStdin = false

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("unknown role \(role); use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let password = try PasswordInput.read(fromStandardInput: passwordStdin)
            try await withApplication(try options.load()) { app in
                do {
                    let user = try await AccountService(app: app, actor: .commandLine()).create(
                        .init(email: email, name: name, role: Role(rawValue: role)!, password: password, language: nil))
                    print("Created \(user.email) (\(user.roleRaw)).")
                } catch let failure as ValidationFailure {
                    throw CommandFailure(describe(failure, app))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List user accounts.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withApplication(try options.load()) { app in
                let users = try await User.query(on: app.db).sort(\.$email).all()
                print(
                    "EMAIL".padding(toLength: 36, withPad: " ", startingAt: 0) + "ROLE".padding(toLength: 20, withPad: " ", startingAt: 0)
                        + "STATE     NAME")
                for user in users {
                    print(
                        user.email.padding(toLength: 36, withPad: " ", startingAt: 0)
                            + user.roleRaw.padding(toLength: 20, withPad: " ", startingAt: 0)
                            + (user.disabled ? "disabled  " : "active    ") + user.name)
                }
                print("\(users.count) account\(users.count == 1 ? "" : "s").")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password for an account; signs it out everywhere.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The account's e-mail address.") var email: String
        @ArgumentParser.Flag(name: .long, help: "Read the password from standard input instead of prompting.") var passwordStdin = false

        func run() async throws {
            let password = try PasswordInput.read(fromStandardInput: passwordStdin)
            try await withApplication(try options.load()) { app in
                let user = try await findUser(email, app)
                do {
                    try await AccountService(app: app, actor: .commandLine()).setPassword(user.requireID(), password)
                } catch let failure as ValidationFailure {
                    throw CommandFailure(describe(failure, app))
                }
                print("Changed the password of \(user.email).")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The account's e-mail address.") var email: String

        func run() async throws {
            try await withApplication(try options.load()) { app in
                let user = try await findUser(email, app)
                _ = try await AccountService(app: app, actor: .commandLine()).update(
                    user.requireID(), expectedVersion: nil, .init(disabled: true))
                print("Disabled \(user.email).")
            }
        }
    }
}
