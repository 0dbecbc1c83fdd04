import Domain
import Fluent
import Foundation
import SQLKit
import Testing

@testable import App

/// Commands beside a running server, on the same database: each waits for the other's writes instead of failing with
/// "database is locked" (issue 18), on SQLite and PostgreSQL alike.
@Suite("Commands beside a running server", .serialized)
struct ConcurrentCommandTests {
    @Test("Imports, an ingest, users, tokens and checks from the command line all land while the server writes")
    func commandsBesideTheServer() async throws {
        try await TestApp.with(config: { $0.runJobs = true }) { app in
            try await DemoData.load(into: app.app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            let demoRequests = try await UsageTesting.sums(app, "usage_web_days", ["requests"])[0]
            let db = app.databaseURL
            let people = FileManager.default.temporaryDirectory.appendingPathComponent("qm-people-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: people) }
            let header =
                "employee_number,first_name,last_name,work_email,phone,job_title,department,site,manager_number,start_date,end_date,status\r\n"
            try Data((header + (1...2000).map { "C\(10_000 + $0),Mari\($0),Maasikas,,,,,,,,,active\r\n" }.joined()).utf8).write(to: people)
            let start = Int(Date().timeIntervalSince1970) - 3600
            let squid = try UsageTesting.file(
                (1...100_000).map { n in
                    "\(start + n / 50).\(String(format: "%03d", n % 1000))     12 10.9.\(n % 7).\(n % 200) TCP_MISS/200 \(n % 5000) GET http://site\(n % 40).example.com/p - HIER_DIRECT/192.0.2.1 text/html"
                })
            let (_, token) = try await app.token(.administrator)
            let api = APIClient(app, token: token)

            // The server keeps writing (sites through its API, its jobs) while four commands write at once.
            let serverWrites = Task {
                var created: [String] = []
                for n in 0..<40 {
                    let response = try await api.call(
                        .POST, "/api/v1/sites",
                        ["name": "Concurrent \(n)", "address": "Rüütli 1, Tartu", "country": "EE", "timeZone": "Europe/Tallinn"])
                    if response.status != .created { created.append("\(response.status) \(response.body)") }
                }
                return created
            }
            let commands: [[String]] = [
                ["import", "employees", people.path, "--database", db],
                ["ingest", "squid", squid, "--source", "proxy", "--database", db],
                ["demo-users"],
                ["checks"],
            ]
            let results = try await withThrowingTaskGroup(of: [CommandLine.Result].self) { group in
                for command in commands {
                    group.addTask {
                        switch command.first {
                        case "demo-users":
                            return try (0..<5).map { n in
                                try CommandLine.run(
                                    [
                                        "user", "add", "--database", db, "--email", "cli\(n)@example.com", "--name", "CLI \(n)", "--role",
                                        "technician",
                                        "--password-stdin",
                                    ], input: "a very long secret\n")
                            }
                                + (0..<5).map { n in
                                    try CommandLine.run([
                                        "token", "create", "--database", db, "--email", "cli\(n)@example.com", "--name", "t\(n)", "--scope",
                                        "read",
                                    ])
                                }
                        case "checks":
                            return try (0..<5).map { n in
                                try CommandLine.run([
                                    "check", "add", "--database", db, "--name", "Backup \(n)", "--kind", "heartbeat", "--interval", "3600",
                                    "--service", "Backups",
                                ])
                            }
                        default:
                            return [try CommandLine.run(command)]
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            for result in results { #expect(result.status == 0, "\(result.output) \(result.error)") }
            let refused = try await serverWrites.value
            #expect(refused.isEmpty, "\(refused)")
            #expect(try await Employee.query(on: app.app.db).filter(\.$employeeNumber ~~ "C1").count() == 2000)
            #expect(try await User.query(on: app.app.db).filter(\.$email ~~ "cli").count() == 5)
            #expect(try await APIToken.query(on: app.app.db).count() >= 5)
            #expect(try await Check.query(on: app.app.db).filter(\.$name ~~ "Backup ").count() == 5)
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests"])[0] - demoRequests == 100_000)
            #expect(try await Site.query(on: app.app.db).filter(\.$name ~~ "Concurrent").count() == 40)
        }
    }

    @Test("demo load fills a new database while its server is already running")
    func demoLoadBesideTheServer() async throws {
        try await TestApp.with(config: { $0.runJobs = true }) { app in
            let loaded = try CommandLine.run(["demo", "load", "--database", app.databaseURL])
            #expect(loaded.status == 0, "\(loaded.error)")
            #expect(try await Employee.query(on: app.app.db).count() == 150)
            let signIn = try await Browser(app).signIn(email: DemoData.administratorEmail, password: DemoData.password)
            #expect(signIn.status == .seeOther)
        }
    }

    @Test("A demo load that fails part-way leaves every table as it was; the next load succeeds")
    func demoLoadAllOrNothing() async throws {
        struct Stop: Error {}
        try await TestApp.with { app in
            func counts() async throws -> [String: Int] {
                let names =
                    app.sql.dialect.name == "postgresql"
                    ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
                    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                var counts: [String: Int] = [:]
                for row in try await app.sql.raw(SQLQueryString(names)).all() {
                    let table = try row.decode(column: "name", as: String.self)
                    counts[table] =
                        try await app.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
                }
                return counts
            }
            let before = try await counts()
            // The parts before software (people, network, accounts, hardware, contracts) are written when it fails.
            await #expect(throws: Stop.self) {
                try await DemoData.load(into: app.app, employees: 40) { part, _ in if part == "software" { throw Stop() } }
            }
            let after = try await counts()
            #expect(after == before, "\(after.filter { before[$0.key] != $0.value })")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "demo.load_hardware").count() == 0)
            try await DemoData.load(into: app.app, employees: 40)
            #expect(try await Employee.query(on: app.app.db).count() == 40)
            #expect(
                try await app.app.auditSeal.verify(on: app.app.db) == .intact(entries: try await AuditEntry.query(on: app.app.db).count()))
        }
    }
}
