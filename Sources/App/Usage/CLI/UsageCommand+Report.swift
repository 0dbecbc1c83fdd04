import ArgumentParser
import Domain
import Foundation
import LogFormats
import SQLKit
import Vapor

extension UsageCommand {
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
}
