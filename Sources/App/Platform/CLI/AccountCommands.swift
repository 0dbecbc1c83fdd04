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

func findUser(_ email: String, _ app: Application) async throws -> User {
    guard let user = try await User.query(on: app.db).filter(\.$email == email.normalisedEmail).first() else {
        throw CommandFailure("no account has the e-mail address \(email)")
    }
    return user
}

/// Validation errors in English for the terminal, from the same catalogue the web uses.
func describe(_ failure: ValidationFailure, _ app: Application) -> String {
    failure.errors.map { "\($0.field): \(app.services.localizer.text($0.code.messageKey, .en))" }.joined(separator: "; ")
}

/// Passwords come from standard input or a prompt without echo — never from an argument, where `ps` would show them.
enum PasswordInput {
    static func read(fromStandardInput: Bool) throws -> String {
        if fromStandardInput {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw CommandFailure("no password on standard input")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure("standard input is not a terminal; pass --password-stdin and pipe the password in")
        }
        let first = prompt("Password: ")
        let second = prompt("Repeat password: ")
        guard first == second else { throw CommandFailure("the two passwords differ") }
        return first
    }

    private static func prompt(_ text: String) -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return Swift.readLine(strippingNewline: true) ?? ""
    }
}
