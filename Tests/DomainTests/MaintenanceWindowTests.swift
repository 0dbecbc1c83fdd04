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
