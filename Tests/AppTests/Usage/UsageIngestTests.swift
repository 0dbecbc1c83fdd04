import Domain
import Fluent
import Foundation
import SQLKit
import Testing

@testable import App

@Suite("Usage ingest: real Squid and Postfix logs into pseudonymous aggregates, exactly once")
struct UsageIngestTests {
    /// Jaan's laptop has 127.0.0.2 in IPAM, and Jaan holds it.
    static func jaansLaptop(_ app: TestApp, _ org: SmallOrganisation) async throws {
        let assets = AssetService(app: app.app, actor: .system)
        let model = try await assets.createModel(.init(manufacturer: "Lenovo", name: "T14", type: "laptop"))
        let laptop = try await assets.create(.init(tag: "LT-1", modelID: model.id))
        _ = try await assets.move(laptop.id!, expectedVersion: nil, .init(to: "deployed", holder: .employee(org.jaan.id!)))
        let interface = try await CablingService(app: app.app, actor: .system).createInterface(.init(assetTag: "LT-1", name: "eth0"))
        let address = try await IPAMService(app: app.app, actor: .system).createAddress(.init(address: "127.0.0.2"))
        _ = try await CablingService(app: app.app, actor: .system).configure(address: address.id!, on: interface.id, expectedVersion: nil)
    }

    static func pseudonym(_ app: TestApp, department: UUID) async throws -> [String] {
        try await app.sql.select().distinct().column("subject").from("usage_web_days").where("department_id", .equal, department).all()
            .map { try $0.decode(column: "subject", as: String.self) }
    }

    @Test("A real Squid log: verified users and IPAM device holders become pseudonyms, 407 names are not trusted, no URL is kept")
    func realSquid() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            try await Self.jaansLaptop(app, org)
            try await UsageTesting.enable(app, UsageTesting.everything)
            let path = UsageTesting.fixtures.appendingPathComponent("squid-real.log").path
            let summary = try await UsageTesting.ingest(app, .squid, [path])
            #expect(summary.lines == 12 && summary.malformed == 0 && summary.files == 1)
            // The NONE_NONE/000 line is a connection that never asked for anything.
            #expect(summary.ignored == 1)
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests", "denied"]) == [11, 4])
            #expect(try await UsageTesting.sums(app, "usage_web_hours", ["requests"]) == [11])
            // Kadri (Management) made six requests through her account; her pseudonym is all that is stored.
            let kadri = try await Self.pseudonym(app, department: org.management.id!)
            #expect(kadri.count == 1 && kadri[0].hasPrefix("P-"))
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests", "denied"], subject: kadri[0]) == [6, 0])
            // Jaan (IT) browsed without signing in, from the laptop he holds. Mart's only line was a 407: not his.
            let it = try await Self.pseudonym(app, department: org.it.id!)
            #expect(it.count == 1)
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests"], subject: it[0]) == [1])
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests", "denied"], subject: "unknown") == [4, 4])
            let domains = Set(
                try await app.sql.select().distinct().column("domain").from("usage_web_days").all().map {
                    try $0.decode(column: "domain", as: String.self)
                })
            #expect(domains == ["localhost", "blocked.example"])
            // Nothing of a URL, a query or a user name reaches the database.
            for table in ["usage_web_days", "usage_web_hours", "usage_sources", "usage_files"] {
                let dump = try await app.sql.select().column("*").from(table).all().map { "\($0)" }.joined()
                for secret in ["holiday", "session", "report.html", "kadri", "mart"] {
                    #expect(!dump.contains(secret), "\(table) holds \(secret)")
                }
            }
        }
    }

    @Test("The same file again, and its rotated gzip copy, count nothing twice; lines appended later count once")
    func exactlyOnceAcrossRotation() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            let start = Int(app.clock.now.timeIntervalSince1970)
            let lines = (0..<10).map {
                "\(start + $0).000     12 10.9.0.\($0) TCP_MISS/200 1000 GET http://www.example.com/\($0) - HIER_DIRECT/192.0.2.1 text/html"
            }
            let path = try UsageTesting.file(Array(lines[0..<6]))
            var summary = try await UsageTesting.ingest(app, .squid, [path])
            #expect(summary.lines == 6)
            summary = try await UsageTesting.ingest(app, .squid, [path])
            #expect(summary.lines == 0 && summary.filesAlreadyCounted == 1)
            // Squid writes four more lines; logrotate then renames and compresses the file, and a new one begins.
            try Data((lines[6..<10].joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
            try UsageTesting.gzip(path, to: path + ".1.gz")
            let fresh = "\(start + 20).000      5 10.9.0.1 TCP_MISS/200 500 GET http://news.example.org/ - HIER_DIRECT/192.0.2.2 text/html"
            try Data((fresh + "\n").utf8).write(to: URL(fileURLWithPath: path))
            summary = try await UsageTesting.ingest(app, .squid, [path, path + ".1.gz"])
            #expect(summary.lines == 5)
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests", "bytes"]) == [11, 10_500])
            summary = try await UsageTesting.ingest(app, .squid, [path + ".1.gz", path])
            #expect(summary.lines == 0 && summary.filesAlreadyCounted == 2)
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests"]) == [11])
        }
    }

    @Test("A compressed file whose last line has no newline counts that line once, however often it is read")
    func compressedWithoutFinalNewline() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            let start = Int(app.clock.now.timeIntervalSince1970)
            let lines = (0..<3).map {
                "\(start + $0).000 5 10.9.0.1 TCP_MISS/200 100 GET http://www.example.com/ - HIER_DIRECT/192.0.2.1 -"
            }
            let path = try UsageTesting.file(lines)
            // Without its final newline, as some writers leave a file they close.
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.dropLast().write(to: URL(fileURLWithPath: path))
            try UsageTesting.gzip(path, to: path + ".1.gz")
            #expect(try await UsageTesting.ingest(app, .squid, [path + ".1.gz"]).lines == 3)
            #expect(try await UsageTesting.ingest(app, .squid, [path + ".1.gz"]).lines == 0)
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests"]) == [3])
        }
    }

    @Test("Malformed lines are counted and the first few kept; the lines around them still count")
    func malformed() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            let start = Int(app.clock.now.timeIntervalSince1970)
            var lines: [String] = []
            for n in 0..<8 {
                lines.append("\(start + n).000     12 10.9.0.1 TCP_MISS/200 100 GET http://example.com/ - HIER_DIRECT/192.0.2.1 text/html")
                lines.append("garbage line \(n) with no fields that Squid writes")
            }
            lines.append(String(repeating: "x", count: 70_000))
            let summary = try await UsageTesting.ingest(app, .squid, [try UsageTesting.file(lines)])
            #expect(summary.lines == 17 && summary.malformed == 9)
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests"]) == [8])
            let source = try #require(try await app.sql.select().columns("malformed", "samples").from("usage_sources").first())
            #expect(try source.decode(column: "malformed", as: Int64.self) == 9)
            let samples = try JSONDecoder().decode([String].self, from: Data(try source.decode(column: "samples", as: String.self).utf8))
            #expect(samples.count == 5 && samples[0] == "garbage line 0 with no fields that Squid writes")
        }
    }

    @Test("A long proxy log is read in two halves at once: every line, domain and hour counts once, malformed samples keep their order")
    func readOnTwoCores() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            let start = Int(app.clock.now.timeIntervalSince1970) - 7200
            var lines: [String] = []
            var expected: [String: [Int64]] = [:]
            var garbage: [String] = []
            for n in 0..<60_000 {
                if n % 7919 == 3 {
                    garbage.append("garbage line \(n)")
                    lines.append(garbage.last!)
                    continue
                }
                // Domains first seen in a block's second half, and some only late in the file, so that the two readers
                // number them differently.
                let site = "site\((n * 31) % 97 + (n > 40_000 ? 97 : 0)).ee"
                let bytes = Int64(n % 1000 + 1)
                lines.append(
                    "\(start + n / 10).\(String(format: "%03d", n % 1000))     12 10.9.\(n % 5).\(n % 200) TCP_MISS/200 \(bytes) GET http://cdn.\(site)/p - HIER_DIRECT/192.0.2.1 text/html"
                )
                expected[site, default: [0, 0]][0] += 1
                expected[site, default: [0, 0]][1] += bytes
            }
            let path = try UsageTesting.file(lines)
            let ingest = try await UsageIngest.open(app: app.app, format: .squid, source: "two", checkpointLines: 25_000)
            let summary = try await ingest.ingest(paths: [path])
            #expect(summary.lines == 60_000 && summary.malformed == Int64(garbage.count))
            let rows = try await app.sql.raw(
                "SELECT domain, CAST(SUM(requests) AS BIGINT) AS requests, CAST(SUM(bytes) AS BIGINT) AS bytes FROM usage_web_days GROUP BY domain"
            ).all()
            var stored: [String: [Int64]] = [:]
            for row in rows {
                stored[try row.decode(column: "domain", as: String.self)] = [
                    try row.decode(column: "requests", as: Int64.self), try row.decode(column: "bytes", as: Int64.self),
                ]
            }
            #expect(stored == expected)
            let total = expected.values.reduce(0) { $0 + $1[0] }
            #expect(try await UsageTesting.sums(app, "usage_web_hours", ["requests"]) == [total])
            let source = try #require(try await app.sql.select().columns("lines", "samples").from("usage_sources").first())
            #expect(try source.decode(column: "lines", as: Int64.self) == 60_000)
            let samples = try JSONDecoder().decode([String].self, from: Data(try source.decode(column: "samples", as: String.self).utf8))
            #expect(samples == Array(garbage.prefix(5)))
            let file = try #require(try await app.sql.select().columns("offset", "lines").from("usage_files").first())
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            #expect(try file.decode(column: "offset", as: Int.self) == size && file.decode(column: "lines", as: Int64.self) == 60_000)
        }
    }

    @Test("A report type that is off is not collected at all: its lines are read past and nothing is stored")
    func switchedOff() async throws {
        try await TestApp.with { app in
            let squid = UsageTesting.fixtures.appendingPathComponent("squid-real.log").path
            let postfix = UsageTesting.fixtures.appendingPathComponent("postfix-real.log").path
            var summary = try await UsageTesting.ingest(app, .squid, [squid])
            #expect(summary.lines == 12 && summary.ignored == 12)
            try await UsageTesting.enable(app, UsageSwitches(web: true))
            summary = try await UsageTesting.ingest(app, .postfix, [postfix], source: "mail")
            #expect(summary.lines > 90 && summary.ignored == summary.lines)
            for table in ["usage_web_days", "usage_web_hours", "usage_mail_days", "usage_keys"] {
                let rows = try await app.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first()
                #expect(try rows?.decode(column: "n", as: Int.self) == 0, "\(table)")
            }
            // Internet use without domains or hours: volume only.
            summary = try await UsageTesting.ingest(
                app, .squid,
                [
                    try UsageTesting.file([
                        "\(Int(app.clock.now.timeIntervalSince1970)).000 1 10.0.0.1 TCP_MISS/200 10 GET http://a.example.com/ - HIER_DIRECT/192.0.2.1 -"
                    ])
                ])
            let domains = try await app.sql.select().column("domain").from("usage_web_days").all().map {
                try $0.decode(column: "domain", as: String.self)
            }
            #expect(domains == [""])
            #expect(try await UsageTesting.sums(app, "usage_web_hours", ["requests"]) == [0])
        }
    }

    @Test("A real Postfix log: messages are counted per sender and recipient, external and free-mail large mail noticed, requeues once")
    func realPostfix() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            let path = UsageTesting.fixtures.appendingPathComponent("postfix-real.log").path
            let summary = try await UsageTesting.ingest(app, .postfix, [path], source: "mail")
            #expect(summary.malformed == 0)
            let columns = ["sent", "received", "internal_recipients", "external_recipients", "large_messages", "large_to_free_mail"]
            func department(_ id: UUID) async throws -> [Int64] {
                try await UsageTesting.sums(app, "usage_mail_days", columns, department: id)
            }
            // Kadri (alone in Management) wrote to Mart; to Mart, Jaan and a gmail address (delivered after a requeue, and
            // counted once); to a server that never answered; and to an unknown colleague (refused before queueing). Mart
            // wrote to her with sendmail.
            #expect(try await department(org.management.id!) == [3, 1, 3, 2, 0, 0])
            // IT: Mart wrote to a partner (one recipient bounced) and to Kadri; Jaan sent 12 MB to his own gmail address.
            // Mart received Kadri's two and the bounce notice; Jaan Kadri's second and a newsletter.
            #expect(try await department(org.it.id!) == [3, 5, 1, 3, 1, 1])
            let largest = try await app.sql.select().column(SQLFunction("MAX", args: SQLColumn("largest_bytes")), as: "m").from(
                "usage_mail_days"
            )
            .first()?.decode(column: "m", as: Int64.self)
            #expect(largest == 12_467_994)
            // The newsletter's sender is not the organisation's: it counts only as received.
            #expect(try await UsageTesting.sums(app, "usage_mail_days", ["sent"], subject: "unknown") == [0])
        }
    }
}

@Suite("Usage retention")
struct UsageRetentionTests {
    @Test("Aggregates past the retention are deleted, with the pseudonym keys of their period; newer ones stay")
    func retention() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything, retentionDays: 30)
            func line(_ at: Date) -> String {
                "\(Int(at.timeIntervalSince1970)).000 1 10.0.0.1 TCP_MISS/200 10 GET http://a.example.com/ kadri HIER_DIRECT/192.0.2.1 -"
            }
            _ = try await UsageTesting.ingest(app, .squid, [try UsageTesting.file([line(app.clock.now)])])
            app.clock.advance(60 * 86400)
            _ = try await UsageTesting.ingest(app, .squid, [try UsageTesting.file([line(app.clock.now)])])
            let subjects = try await app.sql.select().column("subject").from("usage_web_days").orderBy("day").all().map {
                try $0.decode(column: "subject", as: String.self)
            }
            // A new period, a new key: the same person has another pseudonym after the retention period.
            #expect(subjects.count == 2 && subjects[0] != subjects[1])
            #expect(try await app.count(table: "usage_keys") == 2)

            let report = try await UsageRetention.run(app: app.app, now: app.clock.now)
            #expect(report.rows == 2 && report.keys == 1)
            let left = try await app.sql.select().column("subject").from("usage_web_days").all().map {
                try $0.decode(column: "subject", as: String.self)
            }
            #expect(left == [subjects[1]])
            #expect(try await app.count(table: "usage_web_hours") == 1)
            #expect(try await app.count(table: "usage_keys") == 1)
            _ = org
            let entry = try await AuditEntry.query(on: app.app.db).filter(\.$action == "usage.retention").first()
            #expect(entry != nil)
        }
    }
}

@Suite("Usage raw-line buffer")
struct UsageRawBufferTests {
    @Test("Off by default nothing raw is kept; switched on, lines are kept, read back with an audit entry, and deleted after their days")
    func rawBuffer() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            let start = Int(app.clock.now.timeIntervalSince1970)
            let line = { (n: Int) in
                "\(start + n).000 5 10.9.0.1 TCP_MISS/200 100 GET http://www.example.com/?q=secret - HIER_DIRECT/192.0.2.1 -"
            }
            _ = try await UsageTesting.ingest(app, .squid, [try UsageTesting.file([line(0)])], source: "proxy")
            #expect(try await app.count(table: "usage_raw_lines") == 0)

            var policy = try await UsageSettings.current(on: app.app.db)
            policy.policy.rawBufferDays = 3
            let (chosen, version, now) = (policy.policy, policy.version, app.clock.now)
            _ = try await app.app.write { db in
                try await UsageSettings.save(chosen, expectedVersion: version, actor: .system, now: now, on: db)
            }
            _ = try await UsageTesting.ingest(app, .squid, [try UsageTesting.file([line(1), line(2)])], source: "proxy")
            #expect(try await app.count(table: "usage_raw_lines") == 2)
            let read = try CommandLine.run(["usage", "raw", "proxy", "--database", app.databaseURL])
            #expect(read.status == 0 && read.output.contains("q=secret") && read.output.split(separator: "\n").count == 2)
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "usage.raw.read").count() == 1)
            let sources = try await APIClient(app, token: try await app.token(.itManager).1).call(.GET, "/api/v1/usage/sources")
            #expect(sources.jsonArray.first?["rawLines"] as? Int == 2)

            app.clock.advance(4 * 86400)
            let report = try await UsageRetention.run(app: app.app, now: app.clock.now)
            #expect(report.rawLines == 2)
            #expect(try await app.count(table: "usage_raw_lines") == 0)
        }
    }
}
