import ArgumentParser
import Domain
import Foundation
import LogFormats
import SQLKit
import Vapor

/// `quartermaster usage`: the usage settings, report and sources from the terminal.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Internet and mail usage: settings, reports, sources.",
        subcommands: [Settings.self, Report.self, Sources.self, Categories.self, Rules.self, Findings.self, Raw.self])

    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the usage settings, or change them.",
            discussion: """
                Each report type is off until switched on: --collect web,web-domains,web-hours,mail,findings (or none).
                Example: quartermaster usage settings --collect web,web-domains --retention-days 60
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(help: "The report types to collect, comma-separated: web, web-domains, web-hours, mail, findings; or none.")
        var collect: String?
        @ArgumentParser.Option(help: "Days to keep the counts (1-396).") var retentionDays: Int?
        @ArgumentParser.Option(help: "The smallest group a report shows (2-100).") var minimumGroupSize: Int?

        func run() async throws {
            let switches = try collect.map(Self.switches)
            try await withApplication(try options.load()) { app in
                var stored = try await UsageSettings.current(on: app.db)
                if switches != nil || retentionDays != nil || minimumGroupSize != nil {
                    var policy = stored.policy
                    if let switches { policy.switches = switches }
                    policy.retentionDays = retentionDays ?? policy.retentionDays
                    policy.minimumGroupSize = minimumGroupSize ?? policy.minimumGroupSize
                    let problems = policy.validate()
                    guard problems.isEmpty else {
                        throw CommandFailure(problems.map { "\($0.field) is out of range" }.joined(separator: "; "))
                    }
                    let (chosen, version, now) = (policy, stored.version, app.services.clock.now())
                    stored = try await app.write { db in
                        try await UsageSettings.save(chosen, expectedVersion: version, actor: .commandLine(), now: now, on: db)
                    }
                }
                for line in Self.lines(stored.policy) { print(line) }
            }
        }

        static let names: [(String, WritableKeyPath<UsageSwitches, Bool>)] = [
            ("web", \.web), ("web-domains", \.webDomains), ("web-hours", \.webHours), ("mail", \.mail), ("findings", \.findings),
        ]

        static func switches(_ text: String) throws -> UsageSwitches {
            var switches = UsageSwitches.off
            guard text != "none" else { return switches }
            for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let (_, path) = names.first(where: { $0.0 == name }) else {
                    throw ValidationError("\(name) is not a report type: web, web-domains, web-hours, mail or findings")
                }
                switches[keyPath: path] = true
            }
            return switches
        }

        static func lines(_ policy: UsagePolicy) -> [String] {
            let on = names.filter { policy.switches[keyPath: $0.1] }.map(\.0)
            return [
                "collect\t\(on.isEmpty ? "none" : on.joined(separator: ","))", "retention-days\t\(policy.retentionDays)",
                "minimum-group-size\t\(policy.minimumGroupSize)", "raw-buffer-days\t\(policy.rawBufferDays)",
                "reidentification-days\t\(policy.reidentificationDays)",
            ]
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the usage report of a period as tab-separated lines, by department or site.",
            discussion: """
                Columns: kind (total, group, other, unknown, domain), name, people, requests, bytes, denied, mail sent, mail received, \
                external recipients. Groups under the minimum group size are folded into other.
                Example: quartermaster usage report --from 2026-11-01 --to 2026-11-30 --group site
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(help: "First day, YYYY-MM-DD (default: 29 days before --to).") var from: String?
        @ArgumentParser.Option(help: "Last day, YYYY-MM-DD (default: today).") var to: String?
        @ArgumentParser.Option(help: "department or site.") var group = "department"

        func run() async throws {
            guard let grouping = UsageReport.Grouping(rawValue: group) else { throw ValidationError("--group is department or site") }
            let (fromText, toText) = (from, to)
            for text in [fromText, toText].compactMap({ $0 }) where CalendarDate(text) == nil {
                throw ValidationError("\(text) is not a date like 2026-11-30")
            }
            try await withApplication(try options.load()) { app in
                let zone = try await app.services.organisation.current(on: app.db).timeZone
                let last = toText.flatMap(CalendarDate.init) ?? CalendarDate(app.services.clock.now(), in: zone)
                let first = fromText.flatMap(CalendarDate.init) ?? CalendarDate(daysSince1970: last.daysSince1970 - 29)
                guard first <= last else { throw CommandFailure("--from is after --to") }
                let policy = try await UsageSettings.current(on: app.db).policy
                let report = try await UsageReport.build(from: first, to: last, grouping: grouping, policy: policy, on: app.db)
                guard !report.suppressed else {
                    print("\(first) to \(last): fewer than \(report.minimumGroupSize) people, nothing to show")
                    return
                }
                func line(_ kind: String, _ name: String, _ people: Int, _ counts: UsageReport.Counts) -> String {
                    [
                        kind, name, String(people), String(counts.requests), String(counts.bytes), String(counts.denied),
                        String(counts.sent),
                        String(counts.received), String(counts.externalRecipients),
                    ].joined(separator: "\t")
                }
                print(line("total", "\(first)..\(last)", report.people, report.totals))
                for group in report.groups { print(line("group", group.name.isEmpty ? "-" : group.name, group.people, group.counts)) }
                if let other = report.other { print(line("other", "other", other.people, other.counts)) }
                for unknown in report.unknown { print(line("unknown", unknown.name.isEmpty ? "-" : unknown.name, 0, unknown.counts)) }
                for category in report.categories {
                    var counts = UsageReport.Counts()
                    (counts.requests, counts.bytes) = (category.requests, category.bytes)
                    print(line("category", category.name, category.people, counts))
                }
                for domain in report.domains {
                    var counts = UsageReport.Counts()
                    (counts.requests, counts.bytes, counts.denied) = (domain.requests, domain.bytes, domain.denied)
                    print(line("domain", domain.domain, domain.people, counts))
                }
            }
        }
    }

    struct Categories: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import site categories from a list in the UT1 format (a folder per category with a domains file), or list them.",
            discussion: """
                Only registrable domains are kept (example.com, not ads.example.com): usage is counted per registrable domain.
                An import replaces the list imported before; the bundled starter list stays unless --replace-starter.
                Examples: quartermaster usage categories /srv/ut1/blacklists
                          quartermaster usage categories
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "A UT1-format folder to import; none lists the categories.") var folder: String?
        @ArgumentParser.Flag(help: "Remove the bundled starter list too.") var replaceStarter = false

        func run() async throws {
            let folder = self.folder
            let replaceStarter = self.replaceStarter
            try await withApplication(try options.load()) { app in
                if let folder {
                    let suffixes = PublicSuffixList(
                        text: try String(
                            contentsOf: Resources.directory.appendingPathComponent("Usage/public_suffix_list.dat"), encoding: .utf8))
                    let progress = TerminalProgress(label: "categories read")
                    let (entries, skipped) = try UsageCategories.readUT1(
                        URL(fileURLWithPath: folder), suffixes: suffixes, progress: progress.update)
                    progress.finish()
                    let summary = try await UsageCategories.replace(origin: "ut1", with: entries, actor: .commandLine(), app: app)
                    if replaceStarter {
                        _ = try await UsageCategories.replace(origin: "starter", with: [], actor: .commandLine(), app: app)
                    }
                    print(
                        "imported \(summary.categories) categories with \(summary.domains) domains (\(skipped) entries not registrable domains, skipped)"
                    )
                    return
                }
                let sql = app.db.sql
                for row in try await sql.raw(
                    """
                    SELECT c.name AS name, c.origin AS origin, COUNT(cd.domain) AS domains FROM usage_categories c
                    LEFT JOIN usage_category_domains cd ON cd.category_id = c.id GROUP BY c.name, c.origin ORDER BY c.name, c.origin
                    """
                ).all() {
                    print(
                        [
                            try row.decode(column: "name", as: String.self), try row.decode(column: "origin", as: String.self),
                            String(try row.decode(column: "domains", as: Int.self)),
                        ].joined(separator: "\t"))
                }
            }
        }
    }

    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the acceptable-use rules, add one, or remove one.",
            discussion: """
                Kinds: category_blocked and category_limit (with --category; the limit in requests a day), daily_volume (bytes), \
                out_of_hours (requests a day outside working hours), large_free_mail.
                Examples: quartermaster usage rules --add "No gambling" --kind category_blocked --category gambling
                          quartermaster usage rules --remove 3F2504E0-4F89-11D3-9A0C-0305E82C3301
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(help: "Add a rule with this name.") var add: String?
        @ArgumentParser.Option(help: "The new rule's kind.") var kind: String?
        @ArgumentParser.Option(help: "The category, for category rules.") var category: String?
        @ArgumentParser.Option(help: "The limit: requests a day, or bytes for daily_volume.") var threshold: Int64?
        @ArgumentParser.Option(help: "Remove the rule with this id, and its findings.") var remove: String?

        func validate() throws {
            if add != nil, kind.flatMap(UsageRule.Kind.init) == nil {
                throw ValidationError("--kind is one of \(UsageRule.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let remove, UUID(uuidString: remove) == nil { throw ValidationError("--remove takes a rule's id") }
        }

        func run() async throws {
            let (add, kind, category, threshold, remove) = (self.add, self.kind, self.category, self.threshold, self.remove)
            try await withApplication(try options.load()) { app in
                if let add, let kind = kind.flatMap(UsageRule.Kind.init) {
                    do {
                        _ = try await UsageFindings.addRule(
                            name: add, UsageRule(kind: kind, category: category, threshold: threshold), actor: .commandLine(), app: app)
                    } catch let failure as ValidationFailure {
                        throw CommandFailure(failure.errors.map { "\($0.field): \($0.code.rawValue)" }.joined(separator: "; "))
                    }
                }
                if let remove, let id = UUID(uuidString: remove) {
                    do {
                        try await UsageFindings.removeRule(id, actor: .commandLine(), app: app)
                    } catch let error as AppError where error.code == AppError.notFound.code {
                        throw CommandFailure("no rule has the id \(remove)")
                    }
                }
                for rule in try await UsageFindings.rules(on: app.db) {
                    print(
                        [
                            rule.id.uuidString, rule.name, rule.rule.kind.rawValue, rule.rule.category ?? "-",
                            rule.rule.threshold.map(String.init) ?? "-",
                        ]
                        .joined(separator: "\t"))
                }
            }
        }
    }

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

    struct Sources: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the log sources: format, name, lines, malformed lines, files, last read, last error (tab-separated).")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withApplication(try options.load()) { app in
                for source in try await UsageSourceList.all(on: app.db) {
                    print(
                        [
                            source.format, source.name, String(source.lines), String(source.malformed), String(source.files),
                            source.lastIngestAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-", source.lastError ?? "-",
                        ].joined(separator: "\t"))
                }
            }
        }
    }
}
