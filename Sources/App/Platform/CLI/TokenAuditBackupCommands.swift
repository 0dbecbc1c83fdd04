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

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Inspect the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit trail's hash chain: exit 0 when intact, 1 naming the first broken entry.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let finding = try await withApplication(try options.load()) { app in try await app.auditSeal.verify(on: app.db) }
            switch finding {
            case .intact(let count): print("The audit trail is intact: \(count) entr\(count == 1 ? "y" : "ies") verified.")
            case .altered(let sequence): throw CommandFailure("audit entry \(sequence) was altered after it was written")
            case .broken(let sequence):
                throw CommandFailure("the chain breaks at audit entry \(sequence): an entry before it was removed or reordered")
            case .truncated(let expected, let actual):
                throw CommandFailure(
                    "the audit trail ends at entry \(actual.map(String.init) ?? "none") but entry \(expected) was written: entries were removed"
                )
            case .headForged(let sequence):
                throw CommandFailure(
                    "the audit trail's head (entry \(sequence)) does not carry the installation's seal: the trail was cut short or rewritten by someone without the key"
                )
            case .unsealed(let count):
                print(
                    "The audit trail's chain is intact: \(count) entr\(count == 1 ? "y" : "ies") verified. It is not sealed yet: the next change seals it."
                )
            }
        }
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database while the server runs (SQLite); for PostgreSQL, print the pg_dump command.")
    @OptionGroup var options: DatabaseOptions
    @ArgumentParser.Argument(help: "The file to write.") var path: String

    func run() async throws {
        let config = try options.load()
        switch config.database {
        case .postgres(let url):
            print("pg_dump --format=custom --file=\(shellQuoted(path)) \(shellQuoted(redacted(url)))")
            print("(put the password in ~/.pgpass or PGPASSWORD rather than on the command line)")
        case .sqlite:
            guard !FileManager.default.fileExists(atPath: path) else { throw CommandFailure("\(path) exists already; choose a new file") }
            try await withApplication(config, migrate: false) { app in
                // VACUUM INTO writes a transactionally consistent copy while others keep reading and writing.
                try await app.db.sql.raw("VACUUM INTO \(bind: path)").run()
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            print("Backed up to \(path) (\(ByteCountFormatter.string(fromByteCount: Int64(size), countStyle: .file))).")
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup (SQLite; stop the server first); for PostgreSQL, print the pg_restore command.")
    @OptionGroup var options: DatabaseOptions
    @ArgumentParser.Argument(help: "The backup file.") var path: String

    func run() async throws {
        let config = try options.load()
        switch config.database {
        case .postgres(let url):
            print("pg_restore --clean --if-exists --dbname=\(shellQuoted(redacted(url))) \(shellQuoted(path))")
        case .sqlite(let target):
            guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("\(path) does not exist") }
            // Check the backup before touching the live file: a wrong file must not replace good data.
            var backup = config
            backup.database = .sqlite(path: path)
            let finding = try await withApplication(backup, migrate: false) { app -> AuditChain.Finding in
                let sql = app.db.sql
                let integrity = try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
                guard integrity == "ok" else { throw CommandFailure("\(path) is damaged (integrity check: \(integrity ?? "no answer"))") }
                guard (try? await sql.raw("SELECT count(*) AS n FROM _fluent_migrations").first()) != nil else {
                    throw CommandFailure("\(path) is not a Quartermaster database")
                }
                return try await app.auditSeal.verify(on: app.db)
            }
            guard case .intact = finding else { throw CommandFailure("the audit trail in \(path) does not verify; not restoring it") }
            let fileManager = FileManager.default
            for suffix in ["-wal", "-shm"] { try? fileManager.removeItem(atPath: target + suffix) }
            if fileManager.fileExists(atPath: target) {
                let aside = target + ".before-restore"
                try? fileManager.removeItem(atPath: aside)
                try fileManager.moveItem(atPath: target, toPath: aside)
                print("The previous database is kept at \(aside).")
            }
            try fileManager.copyItem(atPath: path, toPath: target)
            print("Restored \(target) from \(path).")
        }
    }
}

private func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// The URL without its password: the printed command must not leak it.
private func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url) else { return url }
    if components.password != nil { components.password = nil }
    return components.string ?? url
}
