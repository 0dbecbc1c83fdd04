import Domain
import Fluent
import Foundation
import SQLKit
import UsageCounting

@testable import App

/// What usage tests share: switching collection on, ingesting in the test's own process, and reading totals back.
enum UsageTesting {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func enable(_ app: TestApp, _ switches: UsageSwitches, retentionDays: Int = 90, minimumGroupSize: Int = 5) async throws {
        let current = try await UsageSettings.current(on: app.app.db)
        var policy = current.policy
        policy.switches = switches
        policy.retentionDays = retentionDays
        policy.minimumGroupSize = minimumGroupSize
        let (now, version, chosen) = (app.clock.now, current.version, policy)
        _ = try await app.app.write { db in
            try await UsageSettings.save(chosen, expectedVersion: version, actor: .system, now: now, on: db)
        }
    }

    static let everything = UsageSwitches(web: true, webDomains: true, webHours: true, mail: true, findings: true)

    static func ingest(_ app: TestApp, _ format: UsageLogFormat, _ paths: [String], source: String = "test") async throws -> IngestSummary {
        let ingest = try await UsageIngest.open(app: app.app, format: format, source: source, checkpointLines: 3)
        return try await ingest.ingest(paths: paths)
    }

    /// Sums of `columns` over `table`, filtered by `subject` if given.
    static func sums(_ app: TestApp, _ table: String, _ columns: [String], subject: String? = nil, department: UUID? = nil) async throws
        -> [Int64]
    {
        var query = app.sql.select()
        // PostgreSQL sums bigints as numeric.
        for column in columns { query = query.column(SQLRaw("CAST(COALESCE(SUM(\(column)), 0) AS BIGINT)"), as: column) }
        query = query.from(table)
        if let subject { query = query.where("subject", .equal, subject) }
        if let department { query = query.where("department_id", .equal, department) }
        let row = try await query.first()!
        return try columns.map { try row.decode(column: $0, as: Int64.self) }
    }

    /// Writes `lines` to a new temporary file and returns its path.
    static func file(_ lines: [String], name: String = "access.log") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qm-usage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// gzip's own compression of `path` into `target`, as logrotate makes a rotated copy.
    static func gzip(_ path: String, to target: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(path)' > '\(target)'"]
        try process.run()
        process.waitUntilExit()
    }
}
