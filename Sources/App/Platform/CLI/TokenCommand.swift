import ArgumentParser
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token and print it once.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "The owner's e-mail address.") var email: String
        @ArgumentParser.Option(name: .long, help: "What the token is for.") var name: String
        @ArgumentParser.Option(name: .long, help: "read or read-write.") var scope: String
        @ArgumentParser.Option(name: .long, help: "Expire after this many days.") var expires: Int?

        func validate() throws {
            guard APIToken.Scope(rawValue: scope) != nil else { throw ValidationError("scope must be read or read-write") }
        }

        func run() async throws {
            try await withApplication(try options.load()) { app in
                let user = try await findUser(email, app)
                do {
                    let (token, secret) = try await TokenService(app: app, actor: .commandLine()).create(
                        userID: try user.requireID(), label: name, scope: APIToken.Scope(rawValue: scope)!, expiresInDays: expires)
                    print(secret)
                    FileHandle.standardError.write(
                        Data("Token \(token.id!) for \(user.email) (\(scope)); it is shown only this once.\n".utf8))
                } catch let failure as ValidationFailure {
                    throw CommandFailure(describe(failure, app))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API tokens (never their secrets).")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(name: .long, help: "Only this owner's tokens.") var email: String?

        func run() async throws {
            try await withApplication(try options.load()) { app in
                var query = APIToken.query(on: app.db).with(\.$user).sort(\.$createdAt)
                if let email {
                    let ownerID = try await findUser(email, app).requireID()
                    query = query.filter(\.$user.$id == ownerID)
                }
                let tokens = try await query.all()
                let now = Date()
                for token in tokens {
                    let state = token.revokedAt != nil ? "revoked" : (token.isUsable(at: now) ? "active" : "expired")
                    print("\(token.id!.uuidString)  \(token.user.email)  \(token.scopeRaw)  \(state)  \(token.label)")
                }
                print("\(tokens.count) token\(tokens.count == 1 ? "" : "s").")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token.")
        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The token's id (from `token list`).") var id: String

        func run() async throws {
            guard let uuid = UUID(uuidString: id) else { throw ValidationError("\(id) is not a token id") }
            try await withApplication(try options.load()) { app in
                do {
                    try await TokenService(app: app, actor: .commandLine()).revoke(uuid, ownerID: nil)
                } catch let error as AppError where error.code == AppError.notFound.code {
                    throw CommandFailure("no token has the id \(id)")
                }
                print("Revoked token \(id).")
            }
        }
    }
}
