import Foundation
import Testing

@testable import Domain

@Suite("Job schedules and retry backoff")
struct JobScheduleTests {
    func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    @Test("'every' schedules add their interval")
    func every() throws {
        #expect(try JobSchedule.parse("every 15m") == .every(seconds: 900))
        #expect(JobSchedule.every(seconds: 30).nextRun(after: utc("2026-01-01T00:00:00Z")) == utc("2026-01-01T00:00:30Z"))
    }

    @Test(
        "Cron expressions find the next matching minute",
        arguments: [
            ("*/15 * * * *", "2026-03-10T10:07:30Z", "2026-03-10T10:15:00Z"),
            ("0 3 * * *", "2026-03-10T03:00:00Z", "2026-03-11T03:00:00Z"),
            ("30 2 * * 1", "2026-11-24T12:00:00Z", "2026-11-30T02:30:00Z"),  // next Monday
            ("0 0 1 * *", "2026-12-15T00:00:00Z", "2027-01-01T00:00:00Z"),  // across the year
            ("0 9 29 2 *", "2027-01-01T00:00:00Z", "2028-02-29T09:00:00Z"),  // leap day
            ("0 8-10 * * 1-5", "2026-11-28T11:00:00Z", "2026-11-30T08:00:00Z"),  // Saturday to Monday
        ])
    func cron(_ expression: String, _ after: String, _ expected: String) throws {
        #expect(try JobSchedule.parse(expression).nextRun(after: utc(after)) == utc(expected))
    }

    @Test("Malformed schedules are refused", arguments: ["", "* * * *", "61 * * * *", "*/0 * * * *", "every", "every 5x", "a b c d e"])
    func malformed(_ text: String) {
        #expect(throws: CronExpression.ParseError.self) { try JobSchedule.parse(text) }
    }

    @Test("Retry delays double and stop at the cap")
    func backoff() {
        let backoff = RetryBackoff(base: 10, maximum: 60)
        #expect([1, 2, 3, 4, 5].map(backoff.delay(afterFailures:)) == [10, 20, 40, 60, 60])
    }
}
