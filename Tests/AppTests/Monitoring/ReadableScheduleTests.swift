import Domain
import Foundation
import Probes
import Testing

@testable import App

/// Schedules read as people say them, in their language, not as the codes they are stored as (issue 18).
@Suite("Readable schedules")
struct ReadableScheduleTests {
    @Test("A repeat rule reads as words in each language")
    func repeatRules() async throws {
        try await TestApp.with { app in
            let localizer = app.app.services.localizer
            let zone = TimeZone(identifier: "Europe/Berlin")!
            let start = ISO8601DateFormatter().date(from: "2026-12-20T03:00:00Z")!  // a Sunday
            func text(_ rule: String, _ language: Language) -> String {
                guard let parsed = try? Recurrence.parse(rule) else { return "not a rule: \(rule)" }
                return RecurrenceText.describe(parsed, start: start, timeZone: zone, language, localizer)
            }
            #expect(text("FREQ=WEEKLY", .en) == "every week on Sunday")
            #expect(text("FREQ=WEEKLY;BYDAY=SU", .de) == "jede Woche am Sonntag")
            #expect(text("FREQ=MONTHLY;BYDAY=3SU", .en) == "every month on the third Sunday")
            #expect(text("FREQ=MONTHLY;BYDAY=3SU", .de) == "jeden Monat am dritten Sonntag")
            #expect(
                text("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,-1;COUNT=12", .en) == "every 2 months on day 1, the last day, 12 times in all")
            #expect(text("FREQ=DAILY;INTERVAL=3", .sv) == "var 3:e dag")
        }
    }

    @Test("The background jobs page names each job and its schedule in words")
    func jobsPage() async throws {
        try await TestApp.with { app in
            try await app.app.jobRunner.registerSchedules()
            let page = try await app.signedIn(.administrator).get("/admin/jobs").body
            #expect(page.contains("Forecast check trends") && page.contains("every 6 hours"))
            #expect(!page.contains("every 21600s"))
        }
    }

    @Test("A check's alert policy reads as a sentence whatever the count (never \"1 problems in a row\")")
    func policySentence() async throws {
        try await TestApp.with { app in
            let check = try await CheckService(app: app.app, actor: .system).create(
                .init(
                    name: "Gateway",
                    definition: CheckDefinition(kind: .icmp, target: "127.0.0.1", policy: CheckPolicy(problemsBeforeHard: 1)),
                    service: "Internet"))
            let page = try await app.signedIn(.itManager).get("/monitoring/checks/\(check.id!)").body
            #expect(page.contains("Problems in a row before an alert: 1;"))
            #expect(!page.contains("1 problems"))
        }
    }
}
