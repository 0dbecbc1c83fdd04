import Foundation
import Testing

@testable import Domain

@Suite("Usage privacy: pseudonyms, group folding, retention limits, local days, rotated logs")
struct UsagePrivacyTests {
    @Test("A pseudonym is stable under one key, differs under the next, and names no one without the key")
    func pseudonyms() {
        let person = UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301")!
        let other = UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3302")!
        let key = Array(repeating: UInt8(7), count: 32)
        let next = Array(repeating: UInt8(8), count: 32)
        let first = Pseudonym.of(person, key: key)
        #expect(first == Pseudonym.of(person, key: key))
        #expect(first != Pseudonym.of(person, key: next))
        #expect(first != Pseudonym.of(other, key: key))
        #expect(first.hasPrefix("P-") && first.count == 12)
        #expect(!first.dropFirst(2).contains { "ILOU".contains($0) })
        #expect(Pseudonym.newKey().count == 32 && Pseudonym.newKey() != Pseudonym.newKey())
    }

    @Test("Groups below the minimum fold into other; other takes the next smallest until it is large enough")
    func folding() {
        typealias Group = GroupFolding.Group<Int>
        let groups = [
            Group(key: "Sales", people: 40, value: 1), Group(key: "IT", people: 6, value: 2), Group(key: "Legal", people: 3, value: 3),
            Group(key: "Board", people: 1, value: 4),
        ]
        // Legal and Board together are 4 people: too few, so IT joins them, and the total less Sales reveals no group
        // of fewer than 5.
        let folded = GroupFolding.fold(groups, minimum: 5)
        #expect(folded.shown.map(\.key) == ["Sales"])
        #expect(Set(folded.folded) == ["Legal", "Board", "IT"])
        #expect(folded.otherPeople == 10)
        let looser = GroupFolding.fold(groups, minimum: 3)
        // Board alone would be "other" of one person; Legal joins it.
        #expect(looser.shown.map(\.key) == ["Sales", "IT"] && Set(looser.folded) == ["Board", "Legal"] && looser.otherPeople == 4)
        // Nothing small: nothing folded.
        let none = GroupFolding.fold([Group(key: "A", people: 5, value: 0), Group(key: "B", people: 9, value: 0)], minimum: 5)
        #expect(none.folded.isEmpty && none.shown.map(\.key) == ["B", "A"] && none.otherPeople == 0)
        // Everyone in small groups, fewer than the minimum in all: all folded, and the caller shows nothing.
        let tiny = GroupFolding.fold([Group(key: "A", people: 2, value: 0), Group(key: "B", people: 1, value: 0)], minimum: 5)
        #expect(tiny.shown.isEmpty && tiny.otherPeople == 3)
    }

    @Test(
        "The policy refuses a retention over 13 months, a group size below 2, a raw buffer over 30 days and a workday that ends before it starts"
    )
    func policyLimits() {
        #expect(UsagePolicy().validate().isEmpty)
        #expect(UsagePolicy().switches == .off)
        let bad = UsagePolicy(
            retentionDays: 400, minimumGroupSize: 1, rawBufferDays: 31, reidentificationDays: 0, workdayStartHour: 18, workdayEndHour: 8)
        #expect(
            Set(bad.validate().map(\.field)) == [
                "retentionDays", "minimumGroupSize", "rawBufferDays", "reidentificationDays", "workdayEndHour",
            ])
        #expect(UsagePolicy(retentionDays: 396).validate().isEmpty)
        // Domains and hours are parts of internet use: without it they are not collected.
        #expect(UsageSwitches(web: false, webDomains: true, webHours: true, mail: true).effective == UsageSwitches(mail: true))
    }

    @Test("Local day and hour follow the zone's offset across the change to summer time, and day numbers round-trip")
    func localDays() {
        var clock = LocalDayClock(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        // 2026-03-29 00:30 UTC is 01:30 CET; 01:30 UTC is 03:30 CEST.
        let before = Int64(1_774_744_200_000)
        #expect(clock.dayAndHour(before).hour == 1)
        #expect(clock.dayAndHour(before + 3_600_000).hour == 3)
        #expect(clock.dayAndHour(before - 3_600_000 * 2).hour == 23)
        #expect(LocalDayClock.text(ofDay: clock.dayAndHour(before).day) == "2026-03-29")
        // 23:30 UTC on 31 December is already New Year in Tallinn.
        var tallinn = LocalDayClock(timeZone: TimeZone(identifier: "Europe/Tallinn")!)
        #expect(LocalDayClock.text(ofDay: tallinn.dayAndHour(1_798_759_800_000).day) == "2027-01-01")
        for text in ["1970-01-01", "2000-02-29", "2026-12-03", "2100-03-01", "1969-12-31"] {
            let date = CalendarDate(text)!
            #expect(CalendarDate(daysSince1970: date.daysSince1970) == date)
        }
        #expect(CalendarDate("2026-12-03")!.daysSince1970 == 20_790)
    }

    @Test("A rotated set is read oldest first: numbered copies by number, dated copies by date, the live file last")
    func rotation() {
        #expect(
            LogRotation.oldestFirst(["access.log", "access.log.1", "access.log.2.gz", "access.log.10.gz"]) == [
                "access.log.10.gz", "access.log.2.gz", "access.log.1", "access.log",
            ])
        #expect(
            LogRotation.oldestFirst(["mail.log", "mail.log-20261202.gz", "mail.log-20261201.gz"]) == [
                "mail.log-20261201.gz", "mail.log-20261202.gz", "mail.log",
            ])
        #expect(LogRotation.baseName("/var/log/squid/access.log.2.gz") == "/var/log/squid/access.log")
        #expect(LogRotation.baseName("mail.log-20261201") == "mail.log")
        #expect(LogRotation.baseName("access.log") == "access.log")
        #expect(FreeMail.isFreeMail("someone@GMX.de") && !FreeMail.isFreeMail("kadri@example.ee"))
    }
}

@Suite("Acceptable-use rules and four-eyes re-identification")
struct UsageRuleTests {
    @Test("A rule names what it needs: a known category, a positive threshold")
    func rules() {
        let categories: Set<String> = ["gambling", "video"]
        #expect(UsageRule(kind: .categoryBlocked, category: "gambling").validate(categories: categories).isEmpty)
        #expect(UsageRule(kind: .categoryBlocked).validate(categories: categories) == [FieldError(field: "category", code: .required)])
        #expect(
            UsageRule(kind: .categoryBlocked, category: "poker").validate(categories: categories) == [
                FieldError(field: "category", code: .notFound)
            ])
        #expect(
            UsageRule(kind: .categoryLimit, category: "video", threshold: 0).validate(categories: categories) == [
                FieldError(field: "threshold", code: .outOfRange)
            ])
        #expect(UsageRule(kind: .dailyVolume).validate(categories: categories) == [FieldError(field: "threshold", code: .required)])
        #expect(UsageRule(kind: .largeFreeMail).validate(categories: []).isEmpty)
    }

    @Test("The one who asks cannot approve; an approval opens the finding to the one who asked until it expires")
    func fourEyes() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var request = Reidentification(status: .pending, requestedBy: "manager")
        #expect(throws: Reidentification.Refusal.ownRequest) { try request.decide(approve: true, by: "manager", now: now, days: 7) }
        #expect(throws: Reidentification.Refusal.reasonTooShort) { try Reidentification.checkReason("because") }
        try Reidentification.checkReason("Repeated gambling site use reported by the works council")
        try request.decide(approve: true, by: "people-officer", now: now, days: 7)
        #expect(request.isOpen(to: "manager", at: now.addingTimeInterval(6 * 86400)))
        #expect(!request.isOpen(to: "manager", at: now.addingTimeInterval(7 * 86400)))
        #expect(!request.isOpen(to: "people-officer", at: now))
        #expect(throws: Reidentification.Refusal.alreadyDecided) { try request.decide(approve: false, by: "someone", now: now, days: 7) }
        var rejected = Reidentification(status: .pending, requestedBy: "manager")
        try rejected.decide(approve: false, by: "people-officer", now: now, days: 7)
        #expect(!rejected.isOpen(to: "manager", at: now) && rejected.expiresAt == nil)
    }
}
