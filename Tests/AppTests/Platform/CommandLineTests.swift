import Domain
import Fluent
import Foundation
import SQLKit
import Testing

@testable import App

/// Runs the real `quartermaster` binary, as an administrator would.
struct CommandLine {
    static var binary: URL {
        // Tests/AppTests/Platform/CommandLineTests.swift → package root → .build/debug/quartermaster
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/quartermaster")
    }

    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["QM_BCRYPT_COST"] = "4"
        // The command line shares the test server's sealing key, as instances sharing a database do.
        env["QM_SECRET_KEY"] = TestApp.secretKey
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }
}

@Suite("Command line", .serialized)
struct CommandLineTests {
    @Test("The binary lists its commands and exits 0 for --help, 2 for bad usage")
    func helpAndUsage() throws {
        let help = try CommandLine.run(["--help"])
        #expect(help.status == 0)
        for command in ["serve", "migrate", "user", "token", "audit", "backup", "restore"] { #expect(help.output.contains(command)) }
        let bad = try CommandLine.run(["user", "add", "--email", "a@example.com"])
        #expect(bad.status == 2)
        #expect(bad.error.contains("--name"))
        let role = try CommandLine.run(["user", "add", "--email", "a@example.com", "--name", "A", "--role", "wizard", "--password-stdin"])
        #expect(role.status == 2)
    }

    @Test("A bad database URL stops with the setting's name and never its value")
    func badDatabaseURL() throws {
        let result = try CommandLine.run(["user", "list"], environment: ["DATABASE_URL": "mysql://root:hunter2secret@db/qm"])
        #expect(result.status == 1)
        #expect(result.error.contains("DATABASE_URL"))
        #expect(!result.error.contains("hunter2secret"))
    }

    @Test("Users and tokens are managed from the command line; passwords come from standard input only")
    func usersAndTokens() async throws {
        try await TestApp.with { app in
            let db = app.databaseURL
            let added = try CommandLine.run(
                [
                    "user", "add", "--database", db, "--email", "Root@Example.com", "--name", "Root Admin", "--role", "administrator",
                    "--password-stdin",
                ],
                input: "a very long secret\n")
            #expect(added.status == 0, "\(added.error)")
            let weak = try CommandLine.run(
                [
                    "user", "add", "--database", db, "--email", "weak@example.com", "--name", "Weak", "--role", "employee",
                    "--password-stdin",
                ],
                input: "short\n")
            #expect(weak.status == 1)
            #expect(weak.error.contains("at least 12 characters"))
            let noTTY = try CommandLine.run([
                "user", "add", "--database", db, "--email", "x@example.com", "--name", "X", "--role", "employee",
            ])
            #expect(noTTY.status == 1)
            #expect(noTTY.error.contains("--password-stdin"))

            let list = try CommandLine.run(["user", "list", "--database", db])
            #expect(list.output.contains("root@example.com") && list.output.contains("administrator"))

            let token = try CommandLine.run([
                "token", "create", "--database", db, "--email", "root@example.com", "--name", "ci", "--scope", "read",
            ])
            #expect(token.status == 0)
            let secret = token.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try await APIClient(app, token: secret).call(.GET, "/api/v1/users").status == .ok)
            let tokens = try CommandLine.run(["token", "list", "--database", db])
            #expect(!tokens.output.contains(secret))
            let id = String(tokens.output.prefix(36))
            #expect(try CommandLine.run(["token", "revoke", "--database", db, id]).status == 0)
            #expect(try await APIClient(app, token: secret).call(.GET, "/api/v1/users").status == .unauthorized)

            let passwd = try CommandLine.run(
                ["user", "passwd", "--database", db, "root@example.com", "--password-stdin"], input: "another long secret\n")
            #expect(passwd.status == 0)
            #expect(try await Browser(app).signIn(email: "root@example.com", password: "another long secret").status == .seeOther)
            #expect(try CommandLine.run(["user", "disable", "--database", db, "root@example.com"]).status == 0)
            #expect(try await Browser(app).signIn(email: "root@example.com", password: "another long secret").status == .unauthorized)
            let actors = try await AuditEntry.query(on: app.app.db).filter(\.$actorLabel ~~ "cli:").count()
            #expect(actors >= 4)
        }
    }

    @Test("audit verify exits 0 on an intact trail and 1, naming the entry, after tampering")
    func auditVerify() async throws {
        try await TestApp.with { app in
            for index in 1...3 { try await app.makeUser(.employee, name: "P\(index)") }
            let intact = try CommandLine.run(["audit", "verify", "--database", app.databaseURL])
            #expect(intact.status == 0)
            #expect(intact.output.contains("3 entries"))
            try await app.sql.raw("UPDATE audit_entries SET action = 'user.delete' WHERE sequence = 2").run()
            let edited = try CommandLine.run(["audit", "verify", "--database", app.databaseURL])
            #expect(edited.status == 1)
            #expect(edited.error.contains("entry 2 was altered"))
            try await app.sql.raw("UPDATE audit_entries SET action = 'user.create' WHERE sequence = 2").run()
            try await app.sql.raw("DELETE FROM audit_entries WHERE sequence = 3").run()
            let truncated = try CommandLine.run(["audit", "verify", "--database", app.databaseURL])
            #expect(truncated.status == 1)
            #expect(truncated.error.contains("entries were removed"))
        }
    }

    @Test("A SQLite backup taken while running restores the same data", .enabled(if: !TestDatabase.isPostgres))
    func backupAndRestore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qm-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let live = "sqlite:" + directory.appendingPathComponent("live.sqlite").path
        let backup = directory.appendingPathComponent("backup.sqlite").path
        #expect(try CommandLine.run(["migrate", "--database", live]).status == 0)
        _ = try CommandLine.run(
            ["user", "add", "--database", live, "--email", "kept@example.com", "--name", "Kept", "--role", "employee", "--password-stdin"],
            input: "a very long secret\n")
        let made = try CommandLine.run(["backup", "--database", live, backup])
        #expect(made.status == 0, "\(made.error)")
        _ = try CommandLine.run(
            [
                "user", "add", "--database", live, "--email", "later@example.com", "--name", "Later", "--role", "employee",
                "--password-stdin",
            ],
            input: "a very long secret\n")
        let restored = try CommandLine.run(["restore", "--database", live, backup])
        #expect(restored.status == 0, "\(restored.error)")
        let list = try CommandLine.run(["user", "list", "--database", live])
        #expect(list.output.contains("kept@example.com"))
        #expect(!list.output.contains("later@example.com"))
        #expect(try CommandLine.run(["audit", "verify", "--database", live]).status == 0)
        let garbage = directory.appendingPathComponent("garbage.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: garbage))
        #expect(try CommandLine.run(["restore", "--database", live, garbage]).status == 1)
        #expect(try CommandLine.run(["user", "list", "--database", live]).output.contains("kept@example.com"))
    }

    @Test("For PostgreSQL, backup prints the pg_dump command without the password")
    func postgresBackupCommand() throws {
        let result = try CommandLine.run(["backup", "--database", "postgres://qm:s3cret@db.internal:5432/qm", "/tmp/qm.dump"])
        #expect(result.status == 0)
        #expect(result.output.contains("pg_dump --format=custom"))
        #expect(!result.output.contains("s3cret"))
    }

    @Test("migrate --revert undoes the last batch, and migrate applies it again")
    func migrateRevert() async throws {
        let (database, remove) = try await TestDatabase.make()
        defer { Task { await remove() } }
        let url: String
        switch database {
        case .sqlite(let path): url = "sqlite:\(path)"
        case .postgres(let value): url = value
        }
        #expect(try CommandLine.run(["migrate", "--database", url]).status == 0)
        let reverted = try CommandLine.run(["migrate", "--revert", "--database", url])
        #expect(reverted.status == 0, "\(reverted.error)")
        #expect(try CommandLine.run(["migrate", "--database", url]).output.contains("up to date"))
    }
}
