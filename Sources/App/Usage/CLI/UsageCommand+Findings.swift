import ArgumentParser
import Domain
import Foundation
import LogFormats
import SQLKit
import Vapor

extension UsageCommand {
    struct Findings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the acceptable-use findings (pseudonyms, never names), newest first, tab-separated.",
            discussion: """
                Columns: day, rule, pseudonym, measured value, finding id. Re-identification is not offered here: it needs a \
                signed-in person to ask and another to approve (the web interface or the API).
                """)

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withApplication(try options.load()) { app in
                for finding in try await UsageReidentification.findings(on: app.db) {
                    print(
                        [finding.day, finding.ruleName, finding.subject, String(finding.value), finding.id.uuidString].joined(
                            separator: "\t"))
                }
            }
        }
    }

    struct Raw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the raw lines the troubleshooting buffer keeps for a source, newest last (each reading is audited).",
            discussion: """
                The buffer is off unless the usage settings keep raw lines (at most 30 days). Example: \
                quartermaster usage raw /var/log/squid/access.log --limit 50
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The source's name, as quartermaster usage sources lists it.") var source: String
        @ArgumentParser.Option(help: "How many of the newest lines.") var limit = 100

        func run() async throws {
            let (name, limit) = (source, max(1, min(limit, 10_000)))
            try await withApplication(try options.load()) { app in
                let sql = app.db.sql
                guard let row = try await sql.select().column("id").from("usage_sources").where("name", .equal, name).first() else {
                    throw CommandFailure("no source is called \(name)")
                }
                let id = try row.decode(column: "id", as: UUID.self)
                let lines = try await sql.select().column("line").from("usage_raw_lines").where("source_id", .equal, id)
                    .orderBy("received_at", .descending).limit(limit).all().map { try $0.decode(column: "line", as: String.self) }
                let now = app.services.clock.now()
                try await app.write { db in
                    try await AuditLog.append(
                        on: db, actor: .commandLine(), action: "usage.raw.read", entityType: "usage_source", entityID: id.uuidString,
                        changes: ["lines": AuditChange(before: nil, after: String(lines.count))], at: now)
                }
                for line in lines.reversed() { print(line) }
            }
        }
    }
}
