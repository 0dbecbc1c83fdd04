import ArgumentParser
import Domain
import Foundation
import Vapor

extension CheckCommand {
    struct Uptime: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a month's uptime per site, asset or service, and check, as tab-separated lines.",
            discussion: """
                Columns: level, name, availability in per cent, down seconds, incidents, MTTR and MTBF in seconds (- when none).
                Example: quartermaster check uptime --month 2026-11
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(help: "The month, 2026-11 (default: the current one, up to now).") var month: String?

        func run() async throws {
            let wanted = try month.map { text in
                guard let month = CalendarMonth(text) else { throw CommandFailure("\(text) is not a month like 2026-11") }
                return month
            }
            try await withApplication(try options.load()) { app in
                let zone = try await app.services.organisation.current(on: app.db).timeZone
                let now = app.services.clock.now()
                let month = wanted ?? CalendarMonth(containing: now, in: zone)
                guard let report = try await UptimeReport.build(month: month, zone: zone, now: now, on: app.db) else {
                    throw CommandFailure("\(month) has not begun")
                }
                let lines = report.sites + report.subjects + report.checks
                for line in lines {
                    let a = line.availability
                    let seconds = { (value: TimeInterval?) in value.map { String(Int($0.rounded())) } ?? "-" }
                    let percent = String(format: "%d.%02d", a.slaBasisPoints / 100, a.slaBasisPoints % 100)
                    print(
                        [
                            line.level.rawValue, line.name, percent, seconds(a.downSeconds), String(a.incidents.count),
                            seconds(a.meanTimeToRepair), seconds(a.meanTimeBetweenFailures),
                        ].joined(separator: "\t"))
                }
                let plural = { (count: Int, noun: String) in "\(count) \(noun)\(count == 1 ? "" : "s")" }
                print("\(month): \(plural(report.checks.count, "check")), \(plural(report.incidents.count, "incident"))")
            }
        }
    }
}
