import Foundation
import PropertyBased
import Testing

@testable import Domain

@Suite("Contract terms and notice deadlines")
struct ContractTermsTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test("Adding days agrees with Foundation's Gregorian calendar, across months, years and leap days")
    func addingDays() async {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        await propertyCheck(input: Gen.int(in: 1900...2200), Gen.int(in: 1...12), Gen.int(in: 1...28), Gen.int(in: -1500...1500)) {
            year, month, day, offset in
            let start = CalendarDate(year: year, month: month, day: day)!
            let base = calendar.date(from: DateComponents(year: year, month: month, day: day))!
            let expected = CalendarDate(calendar.date(byAdding: .day, value: offset, to: base)!, in: calendar.timeZone)
            #expect(start.adding(days: offset) == expected)
            #expect(start.days(until: expected) == offset)
        }
        #expect(date("2028-02-28").adding(days: 1) == date("2028-02-29"))
        #expect(date("2027-03-01").adding(days: -1) == date("2027-02-28"))
        #expect(date("2026-12-31").adding(days: 1) == date("2027-01-01"))
    }

    @Test("Notice is due a period before the end: months by the calendar, days and weeks counted")
    func noticeDeadlines() {
        #expect(NoticePeriod(value: 3, unit: .months).deadline(before: date("2027-03-31")) == date("2026-12-31"))
        #expect(NoticePeriod(value: 3, unit: .months).deadline(before: date("2027-05-31")) == date("2027-02-28"))
        #expect(NoticePeriod(value: 30, unit: .days).deadline(before: date("2027-03-31")) == date("2027-03-01"))
        #expect(NoticePeriod(value: 6, unit: .weeks).deadline(before: date("2027-01-10")) == date("2026-11-29"))
    }

    @Test("An auto-renewing contract rolls on term by term; past this term's deadline the next term's counts")
    func autoRenewal() {
        let term = ContractTerm(
            start: date("2024-02-01"), end: date("2025-01-31"), notice: NoticePeriod(value: 3, unit: .months), autoRenews: true)
        #expect(term.currentEnd(on: date("2024-06-01")) == date("2025-01-31"))
        #expect(term.currentEnd(on: date("2026-11-24")) == date("2027-01-31"))
        #expect(term.noticeDeadline(on: date("2026-10-15")) == date("2026-10-31"))
        #expect(term.endForNotice(on: date("2026-10-15")) == date("2027-01-31"))
        // On 24 November the deadline for January has passed: notice now ends the contract a year later.
        #expect(term.noticeDeadline(on: date("2026-11-24")) == date("2027-10-31"))
        #expect(term.endForNotice(on: date("2026-11-24")) == date("2028-01-31"))
        // Month ends do not drift as the terms roll.
        let monthEnd = ContractTerm(start: date("2026-01-01"), end: date("2026-01-31"), notice: nil, autoRenews: true, renewalMonths: 1)
        #expect(monthEnd.currentEnd(on: date("2026-03-15")) == date("2026-03-31"))
    }

    @Test("A contract that does not renew keeps its end, even when past; one without an end has no deadline")
    func fixedAndOpen() {
        let fixed = ContractTerm(
            start: date("2024-01-01"), end: date("2026-06-30"), notice: NoticePeriod(value: 1, unit: .months), autoRenews: false)
        #expect(fixed.currentEnd(on: date("2026-11-24")) == date("2026-06-30"))
        #expect(fixed.noticeDeadline(on: date("2026-11-24")) == date("2026-05-30"))
        let open = ContractTerm(start: date("2024-01-01"), end: nil, notice: NoticePeriod(value: 30, unit: .days), autoRenews: false)
        #expect(open.currentEnd(on: date("2026-11-24")) == nil && open.noticeDeadline(on: date("2026-11-24")) == nil)
        #expect(
            ContractTerm(start: date("2026-01-01"), end: date("2025-12-31"), notice: nil, autoRenews: true, renewalMonths: 0).problems()
                .map(\.field)
                == ["endDate", "renewalMonths"])
        #expect(ContractTerm(start: date("2026-01-01"), end: nil, notice: nil, autoRenews: true).problems().map(\.field) == ["endDate"])
    }

    @Test("The yearly cost follows the billing period")
    func yearlyCost() {
        let monthly = Money(minorUnits: 4_990, currency: .eur)
        #expect(ContractCost.perYear(monthly, period: .monthly) == Money(minorUnits: 59_880, currency: .eur))
        #expect(ContractCost.perYear(monthly, period: .quarterly) == Money(minorUnits: 19_960, currency: .eur))
        #expect(ContractCost.perYear(monthly, period: .yearly) == monthly)
    }
}
