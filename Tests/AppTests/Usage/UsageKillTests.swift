import Domain
import Foundation
import SQLKit
import Testing

@testable import App

@Suite("Usage on the command line", .serialized)
struct UsageKillTests {
    @Test("quartermaster ingest killed mid-file resumes at its last checkpoint: nothing lost, nothing counted twice")
    func killedMidFile() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            // The command line runs on the wall clock; the lines are from an hour ago.
            let start = Int(Date().timeIntervalSince1970) - 3600
            let lines = (1...5000).map { n in
                "\(start + n / 10).\(String(format: "%03d", n % 1000))     12 10.9.\(n % 7).\(n % 200) TCP_MISS/200 \(n) GET http://site\(n % 40).example.com/p - HIER_DIRECT/192.0.2.1 text/html"
            }
            let path = try UsageTesting.file(lines)
            let process = Process()
            process.executableURL = CommandLine.binary
            process.arguments = ["ingest", "squid", "-", "--source", "proxy", "--checkpoint-lines", "1000", "--database", app.databaseURL]
            process.environment = ProcessInfo.processInfo.environment.merging(["QM_SECRET_KEY": TestApp.secretKey]) { $1 }
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // 3,500 lines arrive; the ingest commits 3,000 of them and waits for more, holding 500 uncommitted.
            input.fileHandleForWriting.write(Data((lines[0..<3500].joined(separator: "\n") + "\n").utf8))
            var committed: Int64 = 0
            for _ in 0..<600 where committed < 3000 {
                try await Task.sleep(for: .milliseconds(100))
                committed =
                    try await app.sql.select().column("lines").from("usage_files").first()?.decode(column: "lines", as: Int64.self) ?? 0
            }
            #expect(committed == 3000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests"]) == [3000])

            // Run again over the whole file: the first line says it is the same log; it resumes after line 3,000.
            let again = try CommandLine.run(["ingest", "squid", path, "--source", "proxy", "--database", app.databaseURL])
            #expect(again.status == 0, "\(again.error)")
            #expect(again.output.contains("2000 new lines"), "\(again.output)")
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests", "bytes"]) == [5000, 5000 * 5001 / 2])
            #expect(try await UsageTesting.sums(app, "usage_web_hours", ["requests", "bytes"]) == [5000, 5000 * 5001 / 2])
            let source = try await app.sql.select().columns("lines", "last_error").from("usage_sources").first()
            #expect(try source?.decode(column: "lines", as: Int64.self) == 5000)
        }
    }

    @Test("quartermaster ingest explains a missing file and a damaged gzip in one sentence, and counts nothing")
    func badInput() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            let missing = try CommandLine.run(["ingest", "squid", "/nonexistent/access.log", "--database", app.databaseURL])
            #expect(missing.status == 1 && missing.error.contains("cannot open /nonexistent/access.log"))
            let good = try UsageTesting.file([
                "\(Int(Date().timeIntervalSince1970)).000 1 10.0.0.1 TCP_MISS/200 10 GET http://a.example.com/ - HIER_DIRECT/192.0.2.1 -"
            ])
            try UsageTesting.gzip(good, to: good + ".gz")
            let data = try Data(contentsOf: URL(fileURLWithPath: good + ".gz"))
            try data.prefix(data.count - 12).write(to: URL(fileURLWithPath: good + ".2.gz"))
            let damaged = try CommandLine.run(["ingest", "squid", good + ".2.gz", "--database", app.databaseURL])
            #expect(damaged.status == 1 && damaged.error.contains("damaged or incomplete gzip"), "\(damaged.error)")
            let usage = try CommandLine.run(["ingest", "apache", good, "--database", app.databaseURL])
            #expect(usage.status == 2 && usage.error.contains("squid, combined or postfix"))
            // The sources page says what went wrong with each.
            let errors = try await app.sql.select().column("last_error").from("usage_sources").all().compactMap {
                try $0.decode(column: "last_error", as: String?.self)
            }
            #expect(errors.contains { $0.contains("gzip") } && errors.contains { $0.contains("cannot open") })
            #expect(try await UsageTesting.sums(app, "usage_web_days", ["requests"]) == [0])
        }
    }

    @Test("quartermaster usage settings switches collection on and refuses bad limits; report and sources print tab-separated lines")
    func usageCommands() async throws {
        try await TestApp.with { app in
            _ = try await UsageCompany.make(app)
            let off = try CommandLine.run(["usage", "settings", "--database", app.databaseURL])
            #expect(off.status == 0 && off.output.contains("collect\tnone") && off.output.contains("retention-days\t90"))
            let bad = try CommandLine.run(["usage", "settings", "--retention-days", "500", "--database", app.databaseURL])
            #expect(bad.status == 1 && bad.error.contains("retentionDays is out of range"))
            let typo = try CommandLine.run(["usage", "settings", "--collect", "web,urls", "--database", app.databaseURL])
            #expect(typo.status == 2 && typo.error.contains("urls is not a report type"))
            let on = try CommandLine.run(["usage", "settings", "--collect", "web,web-domains,web-hours", "--database", app.databaseURL])
            #expect(on.status == 0 && on.output.contains("collect\tweb,web-domains,web-hours"), "\(on.error)")
            // The command line runs on the wall clock; move the test clock's log to now.
            let start = Int(Date().timeIntervalSince1970) - 3600
            var lines: [String] = []
            for person in 0..<11 {
                lines.append(
                    "\(start + person).000 20 10.1.0.\(person) TCP_MISS/200 1000 GET http://www.example.org/a p\(person) HIER_DIRECT/192.0.2.1 text/html"
                )
            }
            let ingest = try CommandLine.run(["ingest", "squid", try UsageTesting.file(lines), "--database", app.databaseURL])
            #expect(ingest.status == 0 && ingest.output.contains("11 new lines"), "\(ingest.error)")
            let report = try CommandLine.run(["usage", "report", "--database", app.databaseURL])
            #expect(report.status == 0, "\(report.error)")
            #expect(report.output.contains("group\tSales\t6\t6\t6000"), "\(report.output)")
            #expect(report.output.contains("other\tother\t5\t5\t5000"))
            #expect(report.output.contains("domain\texample.org\t11\t11"))
            let sources = try CommandLine.run(["usage", "sources", "--database", app.databaseURL])
            #expect(sources.status == 0 && sources.output.hasPrefix("squid\t") && sources.output.contains("\t11\t0\t1\t"))
        }
    }
}
