import ArgumentParser
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

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
