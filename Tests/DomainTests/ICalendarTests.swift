import Foundation
import Testing

@testable import Domain

@Suite("iCalendar feeds: RFC 5545 lines, escaping, folding, all-day and timed events")
struct ICalendarTests {
    @Test("An all-day task and a timed window render as calendar applications read them, with CRLF line ends")
    func render() {
        let window = DateInterval(start: Date(timeIntervalSince1970: 1_796_522_400), duration: 7200)
        let text = ICalendar(
            name: "Maintenance, Jonas",
            events: [
                .init(
                    uid: "task-1@qm", summary: "UPS self-test; Tallinn", description: "Step 1\nStep 2",
                    when: .day(CalendarDate("2026-12-31")!)),
                .init(
                    uid: "window-1@qm", summary: "Patch Sunday", when: .span(window), url: "https://qm.example.ee/monitoring/maintenance"),
            ]
        ).render(stamp: Date(timeIntervalSince1970: 1_796_000_000))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.dropLast().last == "END:VCALENDAR" && lines.last == "")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(lines.contains("X-WR-CALNAME:Maintenance\\, Jonas"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20261231") && lines.contains("DTEND;VALUE=DATE:20270101"))
        #expect(lines.contains("SUMMARY:UPS self-test\\; Tallinn") && lines.contains("DESCRIPTION:Step 1\\nStep 2"))
        #expect(lines.contains("DTSTART:20261206T020000Z") && lines.contains("DTEND:20261206T040000Z"))
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2 && lines.contains("DTSTAMP:20261130T005320Z"))
    }

    @Test("Long lines fold at 75 octets without splitting a character, and unfold to the original")
    func folding() {
        let line = "SUMMARY:" + String(repeating: "Wartung der Klimaanlage im Serverraum – Prüfung ", count: 4)
        let folded = ICalendar.fold(line)
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.count > 1 && parts.allSatisfy { $0.utf8.count <= 75 })
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        #expect(ICalendar.fold("SHORT:x") == "SHORT:x")
    }
}
