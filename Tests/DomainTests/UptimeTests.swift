import Foundation
import Testing

@testable import Domain

@Suite("Uptime reports: calendar months in local time, and overlapping outages counted once")
struct UptimeTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let base = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ hours: Double) -> Date { base.addingTimeInterval(hours * 3600) }

    @Test("A month reads and prints as 2026-11, spans local midnight to local midnight, and steps across New Year")
    func months() throws {
        let november = try #require(CalendarMonth("2026-11"))
        #expect(november.description == "2026-11")
        #expect(CalendarMonth("2026-13") == nil && CalendarMonth("2026-1") == nil && CalendarMonth("november") == nil)
        let span = november.span(in: berlin)
        // Berlin is an hour ahead of UTC in November: the month starts at 23:00 UTC on 31 October.
        #expect(span.start == Date(timeIntervalSince1970: 1_793_487_600))
        #expect(span.duration == 30 * 86400)
        // October has 31 days and one 25-hour day, when summer time ends.
        #expect(november.previous.span(in: berlin).duration == 31 * 86400 + 3600)
        #expect(CalendarMonth("2026-12")!.next == CalendarMonth("2027-01") && CalendarMonth("2027-01")!.previous.description == "2026-12")
        #expect(CalendarMonth(containing: span.start, in: berlin) == november)
        #expect(CalendarMonth(containing: span.start, in: TimeZone(identifier: "UTC")!) == november.previous)
        #expect(november < november.next)
    }

    @Test("Overlapping and touching outages join; an asset is down while any of its checks is")
    func union() {
        let joined = Availability.union([
            DateInterval(start: at(5), end: at(6)), DateInterval(start: at(0), end: at(2)), DateInterval(start: at(1), end: at(3)),
            DateInterval(start: at(3), end: at(4)),
        ])
        #expect(joined == [DateInterval(start: at(0), end: at(4)), DateInterval(start: at(5), end: at(6))])

        // Two checks down 1–3 h and 2–4 h of a ten-hour period: three hours down, one incident, not two.
        let period = DateInterval(start: at(0), end: at(10))
        let asset = Availability(down: [DateInterval(start: at(1), end: at(3)), DateInterval(start: at(2), end: at(4))], period: period)
        #expect(asset.downSeconds == 3 * 3600 && asset.upSeconds == 7 * 3600)
        #expect(asset.incidents == [DateInterval(start: at(1), end: at(4))])
        #expect(asset.slaBasisPoints == 7000 && asset.meanTimeToRepair == 3 * 3600)
    }

    @Test("A part's planned window is cut out of its outages before they count for the whole")
    func subtract() {
        let cut = Availability.subtract(
            [DateInterval(start: at(2), end: at(3)), DateInterval(start: at(7), end: at(12))],
            from: [
                DateInterval(start: at(1), end: at(5)), DateInterval(start: at(8), end: at(9)), DateInterval(start: at(10), end: at(13)),
            ])
        #expect(
            cut == [
                DateInterval(start: at(1), end: at(2)), DateInterval(start: at(3), end: at(5)), DateInterval(start: at(12), end: at(13)),
            ])
        // Touching is not overlapping: an outage that ends as the window starts stays whole.
        #expect(Availability.subtract([DateInterval(start: at(5), end: at(6))], from: [DateInterval(start: at(4), end: at(5))]).count == 1)
    }

    @Test("Outages reaching past the period are clipped to it; planned windows count as neither up nor down")
    func clipping() {
        let period = DateInterval(start: at(0), end: at(10))
        let report = Availability(
            down: [DateInterval(start: at(-5), end: at(1)), DateInterval(start: at(9), end: at(20))], period: period,
            excluded: [DateInterval(start: at(4), end: at(6))])
        #expect(report.downSeconds == 2 * 3600 && report.upSeconds == 6 * 3600)
        #expect(report.incidents.count == 2 && report.incidents.first?.start == at(0) && report.incidents.last?.end == at(10))
        // Neither began and ended inside: the first began before, the second has not ended.
        #expect(report.meanTimeToRepair == 1 * 3600 && report.meanTimeBetweenFailures == 6 * 3600)
        #expect(Availability(down: [], period: period).slaBasisPoints == 10_000)
        #expect(Availability(down: [DateInterval(start: at(20), end: at(30))], period: period).incidents.isEmpty)
    }
}
