import Testing

@testable import LogFormats

@Suite("NCSA common and combined log lines, read in place")
struct CombinedLogTests {
    struct Read: Equatable {
        var client: String
        var user: String?
        var time: Int64
        var method: String
        var target: String
        var host: String
        var status: Int
        var bytes: Int64
        var referer: String?
        var agent: String?
    }

    func read(_ text: String) -> Read? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { line in
            CombinedLog.parse(line).map { parsed in
                Read(
                    client: LogText.string(line, parsed.client), user: parsed.user.map { LogText.string(line, $0) }, time: parsed.time,
                    method: LogText.string(line, parsed.method), target: LogText.string(line, parsed.target),
                    host: LogText.string(line, parsed.host), status: parsed.status, bytes: parsed.bytes,
                    referer: parsed.referer.map { LogText.string(line, $0) }, agent: parsed.userAgent.map { LogText.string(line, $0) })
            }
        }
    }

    @Test("A proxy's combined line: absolute URL, user, offset applied to the time, referer and agent")
    func combined() {
        // 03/Dec/2026:10:15:30 +0100 is 09:15:30 UTC: 1,796,289,330 seconds since 1970.
        #expect(
            read(
                #"192.168.10.24 - maria [03/Dec/2026:10:15:30 +0100] "GET http://news.example.ee/a?b=1 HTTP/1.1" 200 5120 "http://example.ee/" "Mozilla/5.0 (X11; Linux x86_64)""#
            )
                == Read(
                    client: "192.168.10.24", user: "maria", time: 1_796_289_330_000, method: "GET", target: "http://news.example.ee/a?b=1",
                    host: "news.example.ee", status: 200, bytes: 5120, referer: "http://example.ee/",
                    agent: "Mozilla/5.0 (X11; Linux x86_64)"))
    }

    @Test("Common format (no referer or agent), a dash for the size, a path target has no host, CONNECT, negative offsets")
    func common() {
        let plain = read(#"10.0.0.5 - - [31/Dec/2026:23:59:59 -0500] "HEAD /index.html HTTP/1.0" 304 -"#)
        #expect(plain?.bytes == 0 && plain?.user == nil && plain?.host == "" && plain?.referer == nil && plain?.agent == nil)
        // 23:59:59 at -05:00 is 04:59:59 UTC on 1 January 2027.
        #expect(plain?.time == 1_798_779_599_000)
        let tunnel = read(#"2001:db8::7 - - [01/Jan/2027:00:00:00 +0000] "CONNECT teams.example.com:443 HTTP/1.1" 200 81234"#)
        #expect(tunnel?.host == "teams.example.com" && tunnel?.client == "2001:db8::7" && tunnel?.time == 1_798_761_600_000)
    }

    @Test("Escaped quotes in the request and agent, a request line that is only a dash, dashes for referer and agent")
    func escapes() {
        let escaped = read(#"10.0.0.6 - - [03/Dec/2026:10:15:30 +0000] "GET /a\"b HTTP/1.1" 400 0 "-" "bot \"x\"""#)
        #expect(escaped?.target == #"/a\"b"# && escaped?.agent == #"bot \"x\""# && escaped?.referer == nil)
        let dash = read(#"10.0.0.7 - - [03/Dec/2026:10:15:30 +0000] "-" 408 -"#)
        #expect(dash?.method == "" && dash?.status == 408)
    }

    @Test("Not this format: Squid's native line, a broken date, an unclosed quote, a word for the status")
    func malformed() {
        #expect(
            read("1764761234.567    120 192.168.10.24 TCP_MISS/200 5082 GET http://www.example.com/ - HIER_DIRECT/1.2.3.4 text/html") == nil
        )
        #expect(read(#"10.0.0.5 - - [32/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1"#) == nil)
        #expect(read(#"10.0.0.5 - - [03/Dez/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1"#) == nil)
        #expect(read(#"10.0.0.5 - - [03/Dec/2026:10:00:00] "GET / HTTP/1.1" 200 1"#) == nil)
        #expect(read(#"10.0.0.5 - - [03/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1 200 1"#) == nil)
        #expect(read(#"10.0.0.5 - - [03/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" OK 1"#) == nil)
        #expect(read("") == nil)
    }

    @Test("Days since 1970 across leap years and centuries")
    func civil() {
        #expect(CivilDate.daysSince1970(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.daysSince1970(year: 2000, month: 2, day: 29) == 11_016)
        #expect(CivilDate.daysSince1970(year: 2026, month: 12, day: 3) == 20_790)
        #expect(CivilDate.daysSince1970(year: 1969, month: 12, day: 31) == -1)
    }
}
