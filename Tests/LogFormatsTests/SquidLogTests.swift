import Testing

@testable import LogFormats

@Suite("Squid's native access.log, read in place")
struct SquidLogTests {
    /// The line's fields as text, for readable expectations.
    struct Read: Equatable {
        var time: Int64
        var elapsed: Int
        var client: String
        var result: String
        var status: Int
        var bytes: Int64
        var method: String
        var host: String
        var user: String?
        var type: String?
        var denied: Bool
        var incomplete: Bool
    }

    func read(_ text: String) -> Read? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { line in
            SquidLog.parse(line).map { parsed in
                Read(
                    time: parsed.time, elapsed: parsed.elapsedMilliseconds, client: LogText.string(line, parsed.client),
                    result: LogText.string(line, parsed.result), status: parsed.status, bytes: parsed.bytes,
                    method: LogText.string(line, parsed.method), host: LogText.string(line, parsed.host),
                    user: parsed.user.map { LogText.percentDecoded(line, $0) }, type: parsed.contentType.map { LogText.string(line, $0) },
                    denied: parsed.denied, incomplete: parsed.incomplete)
            }
        }
    }

    @Test("A miss, with the elapsed time padded by spaces, the host from the URL, no user and a content type")
    func miss() {
        #expect(
            read(
                "1764761234.567    120 192.168.10.24 TCP_MISS/200 5082 GET http://www.example.com/index.html - HIER_DIRECT/93.184.216.34 text/html"
            )
                == Read(
                    time: 1_764_761_234_567, elapsed: 120, client: "192.168.10.24", result: "TCP_MISS", status: 200, bytes: 5082,
                    method: "GET", host: "www.example.com", user: nil, type: "text/html", denied: false, incomplete: false))
    }

    @Test("CONNECT names host:port; a URL-encoded user name is decoded; IPv6 clients and hosts")
    func connectUserAndIPv6() {
        let tunnel = read(
            "1764761234.001  60012 192.168.10.24 TCP_TUNNEL/200 48213 CONNECT mail.example.org:443 anna.tamm HIER_DIRECT/203.0.113.5 -")
        #expect(tunnel?.host == "mail.example.org" && tunnel?.method == "CONNECT" && tunnel?.user == "anna.tamm" && tunnel?.type == nil)
        let encoded = read(
            "1764761234.002      5 2001:db8::24 TCP_MEM_HIT/200 911 GET http://[2001:db8::80]:8080/a - HIER_NONE/- image/png")
        #expect(encoded?.client == "2001:db8::24" && encoded?.host == "2001:db8::80")
        let user = read(
            "1764761234.003      7 10.0.0.7 TCP_MISS/200 10 GET https://user:pw@Example.COM:8443/x?q=1 john%40corp.example HIER_DIRECT/198.51.100.1 text/plain"
        )
        #expect(user?.user == "john@corp.example" && user?.host == "Example.COM")
        let ipv6Connect = read("1764761234.004     10 10.0.0.7 TCP_TUNNEL/200 10 CONNECT [2001:db8::443]:443 - HIER_DIRECT/2001:db8::443 -")
        #expect(ipv6Connect?.host == "2001:db8::443")
    }

    @Test("Query strings may be present or stripped; the host is the same either way")
    func queryStrings() {
        #expect(
            read("1764761234.010     3 10.0.0.8 TCP_MISS/200 77 GET http://search.example.net?q=secret - HIER_DIRECT/192.0.2.1 text/html")?
                .host == "search.example.net")
        #expect(
            read("1764761234.010     3 10.0.0.8 TCP_MISS/200 77 GET http://search.example.net/ - HIER_DIRECT/192.0.2.1 text/html")?.host
                == "search.example.net")
    }

    @Test("Denials, the 407 that asks for a password, nothing sent (000), aborted and timed-out transfers, Squid's own error URLs")
    func refusalsAndFailures() {
        let challenge = read("1764761235.100      0 192.168.10.30 TCP_DENIED/407 3980 GET http://blocked.example/ - HIER_NONE/- text/html")
        #expect(challenge?.denied == true && challenge?.status == 407)
        let denied = read("1764761235.101      1 192.168.10.30 TCP_DENIED/403 3800 CONNECT casino.example:443 peeter HIER_NONE/- text/html")
        #expect(denied?.denied == true && denied?.status == 403 && denied?.host == "casino.example")
        let none = read("1764761235.102      0 192.168.10.31 NONE_NONE/000 0 - error:transaction-end-before-headers - HIER_NONE/- -")
        #expect(none?.status == 0 && none?.host == "" && none?.method == "-" && none?.denied == false)
        let aborted = read(
            "1764761235.103  30012 192.168.10.32 TCP_MISS_ABORTED/000 0 GET http://slow.example/big.iso - HIER_DIRECT/198.51.100.9 -")
        #expect(aborted?.incomplete == true && aborted?.status == 0 && aborted?.elapsed == 30012)
        #expect(
            read("1764761235.104 120000 192.168.10.33 TCP_MISS_TIMEDOUT/200 1 GET http://x.example/ - HIER_DIRECT/198.51.100.9 -")?
                .incomplete == true)
        #expect(
            read("1764761235.105      0 192.168.10.34 TAG_NONE/400 4000 NONE error:invalid-request - HIER_NONE/- text/html")?.host == "")
    }

    @Test("A line that is not Squid's is refused, not guessed at: too few fields, words where numbers belong")
    func malformed() {
        #expect(read("") == nil)
        #expect(read("   ") == nil)
        #expect(read("1764761234.567 120 192.168.10.24 TCP_MISS/200 5082 GET http://www.example.com/") == nil)
        #expect(read("yesterday 120 192.168.10.24 TCP_MISS/200 5082 GET http://e.example/ - HIER_DIRECT/1.2.3.4 text/html") == nil)
        #expect(read("1764761234.567 soon 192.168.10.24 TCP_MISS/200 5082 GET http://e.example/ - HIER_DIRECT/1.2.3.4 text/html") == nil)
        #expect(read("1764761234.567 120 192.168.10.24 TCP_MISS 5082 GET http://e.example/ - HIER_DIRECT/1.2.3.4 text/html") == nil)
        #expect(read("1764761234.567 120 192.168.10.24 TCP_MISS/2x0 5082 GET http://e.example/ - HIER_DIRECT/1.2.3.4 text/html") == nil)
        #expect(read("1764761234.56789 120 192.168.10.24 TCP_MISS/200 5082 GET http://e.example/ - HIER_DIRECT/1.2.3.4 text/html") == nil)
        // A combined-format line is not a Squid line.
        #expect(read(#"192.168.1.5 - - [03/Dec/2026:10:00:00 +0100] "GET http://e.example/ HTTP/1.1" 200 512 "-" "curl/8""#) == nil)
    }

    @Test("Fewer than three decimals in the time, tabs between fields, headers logged after the type")
    func variations() {
        #expect(
            read("1764761234.5\t120\t10.0.0.1\tTCP_HIT/200\t1\tGET\thttp://a.example/\t-\tHIER_NONE/-\ttext/html")?.time
                == 1_764_761_234_500)
        #expect(
            read("1764761234 1 10.0.0.1 TCP_HIT/200 1 GET http://a.example/ - HIER_NONE/- text/html [Host: a.example]")?.time
                == 1_764_761_234_000)
    }

    @Test("Percent-decoding leaves broken escapes as they are")
    func percent() {
        let text = Array("a%4 %zz%41%".utf8)
        #expect(text.withUnsafeBytes { LogText.percentDecoded($0, 0..<text.count) } == "a%4 %zzA%")
    }
}
