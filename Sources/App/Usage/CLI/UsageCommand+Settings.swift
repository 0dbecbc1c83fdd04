import ArgumentParser
import Domain
import Foundation
import LogFormats
import SQLKit
import Vapor

extension UsageCommand {
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
}
