import Foundation
import Testing

@testable import Domain

@Suite("Maintenance windows: the RRULE subset, local times across daylight saving, months without the day")
struct MaintenanceWindowTests {
    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let utcZone = TimeZone(identifier: "UTC")!

    func starts(_ schedule: MaintenanceSchedule, _ n: Int) -> [Date] { Array(schedule.starts(from: .distantPast).prefix(n)) }

    @Test("Rules are read in any case and order and written back in one order")
    func parseAndPrint() throws {
        let rule = try Recurrence.parse("RRULE:freq=weekly;byday=SU,MO,SU;interval=2")
        #expect(rule == Recurrence(.weekly, interval: 2, weekdays: [.monday, .sunday]))
        #expect(rule.text == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU")
        let until = try Recurrence.parse("FREQ=DAILY;UNTIL=20270101T060000Z")
        #expect(until.until == utc("2027-01-01T06:00:00Z"))
        #expect(try Recurrence.parse(until.text) == until)
        #expect(try Recurrence.parse("FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=12").monthDays == [1, -1])
        #expect(try Recurrence.parse("FREQ=DAILY;UNTIL=20270101").until == utc("2027-01-01T23:59:59Z"))
        let third = try Recurrence.parse("FREQ=MONTHLY;BYDAY=3SU")
        #expect(third.monthWeekdays == [.init(3, .sunday)] && third.text == "FREQ=MONTHLY;BYDAY=3SU")
    }

    @Test(
        "What the subset cannot do is refused, naming the part",
        arguments: [
            ("FREQ=YEARLY", Recurrence.ParseError.unsupported("FREQ=YEARLY")),
            ("INTERVAL=2", .missingFrequency),
            ("FREQ=DAILY;COUNT=3;UNTIL=20270101", .countAndUntil),
            ("FREQ=DAILY;BYDAY=MO", .unsupported("BYDAY")),
            ("FREQ=WEEKLY;BYDAY=1MO", .unsupported("BYDAY=1MO")),
            ("FREQ=MONTHLY;BYMONTHDAY=32", .unsupported("BYMONTHDAY=32")),
            ("FREQ=MONTHLY;BYDAY=6SU", .unsupported("BYDAY=6SU")),
            ("FREQ=DAILY;UNTIL=20270230", .unsupported("UNTIL=20270230")),
            ("FREQ=DAILY;COUNT=0", .unsupported("COUNT=0")),
            ("FREQ=DAILY;BYHOUR=3", .unsupported("BYHOUR=3")),
        ])
    func refused(_ text: String, _ error: Recurrence.ParseError) {
        #expect(throws: error) { try Recurrence.parse(text) }
    }

    @Test("A one-off window covers its start up to, not including, its end")
    func oneOff() {
        let window = MaintenanceSchedule(start: utc("2026-12-05T22:00:00Z"), duration: 7200, timeZone: berlin)
        #expect(window.isActive(at: utc("2026-12-05T22:00:00Z")))
        #expect(window.isActive(at: utc("2026-12-05T23:59:59Z")))
        #expect(!window.isActive(at: utc("2026-12-06T00:00:00Z")))
        #expect(!window.isActive(at: utc("2026-12-05T21:59:59Z")))
        #expect(window.window(containing: utc("2026-12-05T23:00:00Z")) == DateInterval(start: utc("2026-12-05T22:00:00Z"), duration: 7200))
    }

    @Test("A weekly window at 04:00 on Sundays in Berlin stays at 04:00 local when the clocks go back")
    func daylightSaving() throws {
        let schedule = MaintenanceSchedule(
            start: utc("2026-10-18T02:00:00Z"), duration: 3600, recurrence: try Recurrence.parse("FREQ=WEEKLY"), timeZone: berlin)
        #expect(starts(schedule, 3) == [utc("2026-10-18T02:00:00Z"), utc("2026-10-25T03:00:00Z"), utc("2026-11-01T03:00:00Z")])
        #expect(schedule.isActive(at: utc("2026-10-25T03:30:00Z")))
        #expect(!schedule.isActive(at: utc("2026-10-25T02:30:00Z")))
        // And forward again in spring: 04:00 CEST is 02:00 UTC.
        #expect(schedule.window(containing: utc("2027-04-04T02:10:00Z"))?.start == utc("2027-04-04T02:00:00Z"))
    }

    @Test("Every other week on Mondays and Thursdays, from a Wednesday: the first window counts, then the rule's days")
    func weeklyDays() throws {
        let schedule = MaintenanceSchedule(
            start: utc("2026-12-02T20:00:00Z"), duration: 1800, recurrence: try Recurrence.parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
            timeZone: TimeZone(identifier: "Europe/Tallinn")!)
        #expect(
            starts(schedule, 6) == [
                utc("2026-12-02T20:00:00Z"), utc("2026-12-03T20:00:00Z"), utc("2026-12-14T20:00:00Z"), utc("2026-12-17T20:00:00Z"),
                utc("2026-12-28T20:00:00Z"), utc("2026-12-31T20:00:00Z"),
            ])
        #expect(!schedule.isActive(at: utc("2026-12-07T20:10:00Z")))  // the Monday of the week left out
    }

    @Test("Monthly on the 31st skips shorter months; on the last day (-1) it takes each month's own last day")
    func monthly() throws {
        let thirtyFirst = MaintenanceSchedule(
            start: utc("2027-01-31T01:00:00Z"), duration: 600, recurrence: try Recurrence.parse("FREQ=MONTHLY;BYMONTHDAY=31"),
            timeZone: utcZone)
        #expect(
            starts(thirtyFirst, 4) == [
                utc("2027-01-31T01:00:00Z"), utc("2027-03-31T01:00:00Z"), utc("2027-05-31T01:00:00Z"), utc("2027-07-31T01:00:00Z"),
            ])
        let last = MaintenanceSchedule(
            start: utc("2027-01-31T01:00:00Z"), duration: 600, recurrence: try Recurrence.parse("FREQ=MONTHLY;BYMONTHDAY=-1"),
            timeZone: utcZone)
        #expect(
            starts(last, 4) == [
                utc("2027-01-31T01:00:00Z"), utc("2027-02-28T01:00:00Z"), utc("2027-03-31T01:00:00Z"), utc("2027-04-30T01:00:00Z"),
            ])
        #expect(last.isActive(at: utc("2028-02-29T01:05:00Z")))
        // A rule whose day never comes ends instead of spinning.
        let never = MaintenanceSchedule(
            start: utc("2027-02-01T01:00:00Z"), duration: 600, recurrence: try Recurrence.parse("FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30"),
            timeZone: utcZone)
        #expect(starts(never, 5) == [utc("2027-02-01T01:00:00Z")])
    }

    @Test("COUNT ends after that many windows, the first included; UNTIL after the last start not later than it")
    func bounds() throws {
        let counted = MaintenanceSchedule(
            start: utc("2026-12-01T03:00:00Z"), duration: 600, recurrence: try Recurrence.parse("FREQ=DAILY;INTERVAL=3;COUNT=3"),
            timeZone: utcZone)
        #expect(starts(counted, 10) == [utc("2026-12-01T03:00:00Z"), utc("2026-12-04T03:00:00Z"), utc("2026-12-07T03:00:00Z")])
        #expect(!counted.isActive(at: utc("2026-12-10T03:05:00Z")))
        let until = MaintenanceSchedule(
            start: utc("2026-12-01T03:00:00Z"), duration: 600, recurrence: try Recurrence.parse("FREQ=DAILY;UNTIL=20261203T030000Z"),
            timeZone: utcZone)
        #expect(starts(until, 10).count == 3)
    }

    @Test("Looking up a window years after the first gives what counting every window from the first gives")
    func skippingAheadAgreesWithCounting() throws {
        let rules = [
            "FREQ=DAILY", "FREQ=DAILY;INTERVAL=5", "FREQ=WEEKLY;BYDAY=TU,SA", "FREQ=WEEKLY;INTERVAL=3", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1",
        ]
        for text in rules {
            let schedule = MaintenanceSchedule(
                start: utc("2020-03-10T23:30:00Z"), duration: 5400, recurrence: try Recurrence.parse(text), timeZone: berlin)
            let all = Array(schedule.starts(from: .distantPast).prefix(while: { $0 < utc("2027-01-01T00:00:00Z") }))
            for step in stride(from: 0.0, to: 6.5 * 365 * 86400, by: 86400 * 7.37) {
                let instant = utc("2020-06-01T00:00:00Z").addingTimeInterval(step)
                let expected = all.last { $0 <= instant }.map { DateInterval(start: $0, duration: 5400) }.flatMap {
                    $0.end > instant ? $0 : nil
                }
                #expect(schedule.window(containing: instant) == expected, "\(text) at \(instant)")
            }
        }
    }

    @Test("The windows overlapping a range are listed in order")
    func overlapping() throws {
        let schedule = MaintenanceSchedule(
            start: utc("2026-12-01T22:00:00Z"), duration: 7200, recurrence: try Recurrence.parse("FREQ=DAILY"), timeZone: utcZone)
        let listed = schedule.windows(overlapping: DateInterval(start: utc("2026-12-02T23:00:00Z"), end: utc("2026-12-04T22:00:00Z")))
        #expect(listed.map(\.start) == [utc("2026-12-02T22:00:00Z"), utc("2026-12-03T22:00:00Z")])
    }
}

@Suite("Maintenance windows against python-dateutil's rrule")
struct RecurrenceOracleTests {
    /// Rules made from a fixed seed: daily, weekly and monthly, with intervals, weekdays, ordinal weekdays and month
    /// days (from the start and from the end), starting on any day of 2025–2027.
    static func rules(count: Int) -> [(rule: String, start: Date)] {
        var random = SplitMix(seed: 18)
        let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        var rules: [(String, Date)] = []
        for _ in 0..<count {
            var parts: [String] = []
            switch random.next() % 3 {
            case 0: parts.append("FREQ=DAILY")
            case 1:
                parts.append("FREQ=WEEKLY")
                if random.next() % 2 == 0 {
                    parts.append(
                        "BYDAY="
                            + Set((0..<(1 + random.next() % 3)).map { _ in days[Int(random.next() % 7)] }).sorted().joined(separator: ","))
                }
            default:
                parts.append("FREQ=MONTHLY")
                switch random.next() % 4 {
                case 0:
                    let ordinals = [1, 2, 3, 4, 5, -1, -2]
                    parts.append(
                        "BYDAY="
                            + (0..<(1 + random.next() % 2)).map { _ in
                                "\(ordinals[Int(random.next() % UInt64(ordinals.count))])\(days[Int(random.next() % 7)])"
                            }.joined(separator: ","))
                case 1: parts.append("BYDAY=" + days[Int(random.next() % 7)])
                case 2:
                    let monthDays = [1, 15, 28, 29, 30, 31, -1, -2]
                    parts.append("BYMONTHDAY=\(monthDays[Int(random.next() % UInt64(monthDays.count))])")
                default: break
                }
            }
            if random.next() % 2 == 0 { parts.append("INTERVAL=\(2 + random.next() % 2)") }
            let start = Date(timeIntervalSince1970: 1_735_689_600 + Double(random.next() % (3 * 365)) * 86_400 + 7_200)
            rules.append((parts.joined(separator: ";"), start))
        }
        return rules
    }

    @Test("Hundreds of generated rules give the same windows as python-dateutil")
    func sameAsDateutil() throws {
        let rules = Self.rules(count: 400)
        let utc = TimeZone(identifier: "UTC")!
        let iso = DateFormatter()
        (iso.locale, iso.timeZone, iso.dateFormat) = (Locale(identifier: "en_US_POSIX"), utc, "yyyy-MM-dd'T'HH:mm:ss")
        let input = try JSONSerialization.data(withJSONObject: rules.map { ["rule": $0.rule, "start": iso.string(from: $0.start)] })
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Peers/rrule_oracle.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python-dateutil is needed (pip install python-dateutil): \(problem)")
        let expected = try #require(try JSONSerialization.jsonObject(with: output) as? [[String]])
        #expect(expected.count == rules.count && expected.filter { $0.count == 24 }.count > 300)
        var mismatches = 0
        for ((text, start), wanted) in zip(rules, expected) {
            let schedule = MaintenanceSchedule(start: start, duration: 600, recurrence: try Recurrence.parse(text), timeZone: utc)
            let end = start.addingTimeInterval(6 * 366 * 86_400)
            let ours = Array(schedule.starts(from: start.addingTimeInterval(1)).prefix { $0 <= end }.prefix(24)).map(iso.string(from:))
            if ours != wanted {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(text) from \(iso.string(from: start)): \(ours.prefix(4)) against \(wanted.prefix(4))")
                }
            }
        }
        #expect(mismatches == 0)
    }
}

/// A small seeded generator, so the generated rules are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
