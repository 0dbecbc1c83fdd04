import Foundation

/// An iCalendar (RFC 5545) document of events, as calendar applications subscribe to it: CRLF line ends, text
/// escaped, lines folded at 75 octets without splitting a character, times in UTC and all-day events as dates.
public struct ICalendar: Sendable {
    public enum When: Sendable, Equatable {
        /// An all-day event on a date (DTEND is the next day, as RFC 5545 counts it).
        case day(CalendarDate)
        /// A stretch of time.
        case span(DateInterval)
    }

    public struct Event: Sendable, Equatable {
        public let uid: String
        public let summary: String
        public let description: String
        public let when: When
        public let url: String?

        public init(uid: String, summary: String, description: String = "", when: When, url: String? = nil) {
            (self.uid, self.summary, self.description, self.when, self.url) = (uid, summary, description, when, url)
        }
    }

    public let name: String
    public let events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    /// The document; `stamp` is when it was made (DTSTAMP).
    public func render(stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Quartermaster//Maintenance//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
        lines.append("X-WR-CALNAME:" + Self.escape(name))
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + Self.escape(event.uid))
            lines.append("DTSTAMP:" + Self.utc(stamp))
            switch event.when {
            case .day(let day):
                lines.append("DTSTART;VALUE=DATE:" + Self.compact(day))
                lines.append("DTEND;VALUE=DATE:" + Self.compact(day.adding(days: 1)))
            case .span(let span):
                lines.append("DTSTART:" + Self.utc(span.start))
                lines.append("DTEND:" + Self.utc(span.end))
            }
            lines.append("SUMMARY:" + Self.escape(event.summary))
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + Self.escape(event.description)) }
            if let url = event.url { lines.append("URL:" + url) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }
}
