import Foundation
import SQLKit
import Testing

@testable import App

@Suite("Usage over syslog", .serialized)
struct SyslogReceiverTests {
    /// Runs `logger` (util-linux), a real syslog client, against the receiver.
    static func logger(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/logger")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "logger \(arguments)")
    }

    @Test(
        "ingest --listen takes Squid lines from logger over UDP (RFC 3164) and TCP (RFC 5424, octet-counted), stores them each second, and stops cleanly"
    )
    func squidOverSyslog() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            let process = Process()
            process.executableURL = CommandLine.binary
            process.arguments = [
                "ingest", "squid", "--listen", "udp:127.0.0.1:0", "--listen", "tcp:127.0.0.1:0", "--database", app.databaseURL,
            ]
            process.environment = ProcessInfo.processInfo.environment.merging(["QM_SECRET_KEY": TestApp.secretKey]) { $1 }
            let errors = Pipe()
            let output = Pipe()
            process.standardError = errors
            process.standardOutput = output
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            // "listening on udp:127.0.0.1:40123 tcp:127.0.0.1:40124"
            var announced = ""
            while !announced.contains("\n") {
                let data = errors.fileHandleForReading.availableData
                if data.isEmpty { break }
                announced += String(decoding: data, as: UTF8.self)
            }
            let ports = announced.split(separator: " ").compactMap {
                $0.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            try #require(ports.count == 2, "\(announced)")
            let now = Int(Date().timeIntervalSince1970) - 60
            let line = { (n: Int) in
                "\(now + n).000 10 10.0.0.\(n) TCP_MISS/200 \(100 * n) GET http://www.example.com/x - HIER_DIRECT/192.0.2.1 text/html"
            }
            func stored(_ requests: Int64) async throws -> [Int64] {
                var sums: [Int64] = [0, 0]
                for _ in 0..<100 where sums[0] < requests {
                    try await Task.sleep(for: .milliseconds(100))
                    sums = try await UsageTesting.sums(app, "usage_web_days", ["requests", "bytes"])
                }
                return sums
            }
            let revision = try await UsageRevision.current(on: app.app.db)
            try Self.logger(["--server", "127.0.0.1", "--port", String(ports[0]), "--udp", "--rfc3164", "-t", "squid", line(1)])
            #expect(try await stored(1) == [1, 100])
            // The first checkpoint moves the usage revision, so a report kept by a server is computed afresh …
            #expect(try await UsageRevision.current(on: app.app.db) == revision + 1)
            try Self.logger([
                "--server", "127.0.0.1", "--port", String(ports[1]), "--tcp", "--octet-count", "--rfc5424", "-t", "squid", line(2),
            ])
            try Self.logger(["--server", "127.0.0.1", "--port", String(ports[1]), "--tcp", "--rfc3164", "-t", "squid", line(3)])
            #expect(try await stored(3) == [3, 600])
            // … those of the next minute do not; stopping moves it for them.
            #expect(try await UsageRevision.current(on: app.app.db) == revision + 1)
            process.terminate()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(try await UsageRevision.current(on: app.app.db) == revision + 2)
            let summary = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(summary.contains("3 new lines"), "\(summary)")
            #expect(try await app.count(table: "usage_files") == 0)
        }
    }
}
