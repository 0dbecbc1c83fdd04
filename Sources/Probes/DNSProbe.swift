import Domain
import Foundation
import NIOCore
import NIOPosix

/// Asks a resolver for a name and judges the answer: a response code other than NOERROR, no answer, or an expected
/// value missing from the answers is critical; the time to answer is judged by the latency thresholds.
public struct DNSProbe: Sendable {
    public var name: String
    public var type: DNSMessage.RecordType
    /// The resolver's address; nil: the first `nameserver` in /etc/resolv.conf.
    public var server: String?
    public var port: Int
    /// A value the answers must include ("192.0.2.10", "10 mail.example.ee."), compared without regard to case and a
    /// final dot.
    public var expected: String?
    public var timeout: Duration
    public var latency: Thresholds

    public init(
        name: String, type: DNSMessage.RecordType = .a, server: String? = nil, port: Int = 53, expected: String? = nil,
        timeout: Duration = .seconds(5), latency: Thresholds = Thresholds()
    ) {
        (self.name, self.type, self.server, self.port, self.expected, self.timeout, self.latency) =
            (name, type, server, port, expected, timeout, latency)
    }

    static func systemResolver() -> String? {
        guard let text = try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: \.isWhitespace)
            if words.count >= 2, words[0] == "nameserver" { return String(words[1]) }
        }
        return nil
    }

    public func run(on group: any EventLoopGroup) async -> ProbeResult {
        let id = UInt16.random(in: 0...UInt16.max)
        guard let query = DNSMessage.query(id: id, name: name, type: type) else { return .failed(.invalidTarget, name) }
        guard let server = server ?? Self.systemResolver(), let address = try? SocketAddress(ipAddress: server, port: port) else {
            return .failed(.invalidTarget, server ?? "resolv.conf")
        }
        let start = ContinuousClock.now
        do {
            // An answer to another question, or bytes that are not DNS, are ignored: only ours counts.
            let response = try await exchangeDatagram(on: group, to: address, request: query, timeout: timeout) { bytes in
                (try? DNSMessage.parse(bytes)).flatMap { $0.id == id ? $0 : nil }
            }
            let elapsed = milliseconds(since: start)
            guard let response else { return .failed(.timeout, server, milliseconds: elapsed) }
            guard response.responseCode == 0 else { return .failed(.dnsError, response.responseCodeName, milliseconds: elapsed) }
            let values = response.answers.filter { $0.type == type }.map(\.value)
            guard !values.isEmpty else { return .failed(.noAnswer, name, milliseconds: elapsed) }
            let shown = values.sorted().joined(separator: ", ")
            if let expected, !expected.isEmpty {
                let normalise = { (text: String) in text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ". ")) }
                guard values.map(normalise).contains(normalise(expected)) else {
                    return .failed(.answerMismatch, String(shown.prefix(500)), milliseconds: elapsed)
                }
            }
            return .timed(elapsed, latency, detail: String(shown.prefix(500)))
        } catch {
            return .classify(error, milliseconds: milliseconds(since: start))
        }
    }
}
