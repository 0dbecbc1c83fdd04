import Testing

@testable import LogFormats

@Suite("Syslog framing and message bodies, as rsyslog and syslog-ng forward them")
struct SyslogTests {
    func frames(_ text: String) -> (messages: [String], used: Int?) {
        let bytes = Array(text.utf8)
        var ranges: [Range<Int>] = []
        let used = bytes.withUnsafeBytes { SyslogFraming.frames($0, into: &ranges) }
        return (ranges.map { String(decoding: bytes[$0], as: UTF8.self) }, used)
    }

    @Test("Octet-counted and newline-ended messages are split; a partial one waits; a runaway count is refused")
    func framing() {
        let first = "<13>1 2026-12-03T10:00:00Z h app - - - one"
        let (messages, used) = frames("\(first.utf8.count) \(first)<13>Dec  3 10:00:01 h app: two\n<13>Dec  3 10:00:02 h app: thr")
        #expect(messages == [first, "<13>Dec  3 10:00:01 h app: two"])
        #expect(used == first.utf8.count + 3 + "<13>Dec  3 10:00:01 h app: two\n".utf8.count)
        #expect(frames("12 <13>Dec").messages.isEmpty && frames("12 <13>Dec").used == 0)
        #expect(frames("a\r\nb\n").messages == ["a", "b"])
        #expect(frames("99999999 x").used == nil)
        #expect(frames("12x abc").used == nil)
    }

    @Test("The message body is found after an RFC 3164 tag and after RFC 5424's structured data")
    func bodies() {
        func body(_ text: String) -> String? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBytes { buffer in SyslogMessage.body(buffer).map { String(decoding: bytes[$0], as: UTF8.self) } }
        }
        let squid = "1796297219.306      1 127.0.0.1 TCP_DENIED/407 3497 GET http://localhost:8088/page? - HIER_NONE/- text/html"
        #expect(body("<166>Dec  3 11:26:59 proxy squid[22827]: \(squid)") == squid)
        #expect(body("<166>1 2026-12-03T11:26:59.306+00:00 proxy squid 22827 - - \(squid)") == squid)
        #expect(body("<166>1 2026-12-03T11:26:59Z proxy squid 22827 access [origin ip=\"10.0.0.1\"] \(squid)") == squid)
        #expect(body("Dec 03 11:26:59 proxy squid: \(squid)") == squid)
        #expect(body("no header at all") == nil)
    }
}
