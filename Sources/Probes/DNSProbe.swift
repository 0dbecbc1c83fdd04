import Domain
import Foundation
import NIOCore
import NIOPosix

/// DNS messages (RFC 1035), the part a check needs: one question out, the answer section back.
public enum DNSMessage {
    public enum RecordType: String, CaseIterable, Sendable, Codable {
        case a = "A", aaaa = "AAAA", cname = "CNAME", mx = "MX", txt = "TXT", ns = "NS", ptr = "PTR", soa = "SOA"

        var code: UInt16 {
            switch self {
            case .a: 1
            case .ns: 2
            case .cname: 5
            case .soa: 6
            case .ptr: 12
            case .mx: 15
            case .txt: 16
            case .aaaa: 28
            }
        }

        init?(code: UInt16) {
            guard let found = Self.allCases.first(where: { $0.code == code }) else { return nil }
            self = found
        }
    }

    /// The response codes people know by name.
    static let responseCodes = [0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"]

    public enum ParseError: Error, Equatable, Sendable {
        case truncatedMessage
        case badName
        case notAnAnswer
    }

    /// A record of the answer section: its type and its data written as zone files write it ("10 mail.example.ee.").
    public struct Record: Sendable, Equatable {
        public let name: String
        public let type: RecordType?
        public let ttl: UInt32
        public let value: String
    }

    public struct Response: Sendable, Equatable {
        public let id: UInt16
        public let responseCode: Int
        public let truncated: Bool
        public let answers: [Record]

        public var responseCodeName: String { DNSMessage.responseCodes[responseCode] ?? "RCODE \(responseCode)" }
    }

    /// A query for `name` and `type`, recursion desired. Nil when the name cannot be a DNS name.
    public static func query(id: UInt16, name: String, type: RecordType) -> [UInt8]? {
        var bytes: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        let labels = name.split(separator: ".", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        guard !labels.isEmpty || name == "." else { return nil }
        var total = 1
        for label in labels {
            let utf8 = Array(label.utf8)
            guard (1...63).contains(utf8.count) else { return nil }
            total += utf8.count + 1
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        guard total <= 255 else { return nil }
        bytes.append(0)
        bytes += [UInt8(type.code >> 8), UInt8(type.code & 0xFF), 0, 1]
        return bytes
    }

    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> Response {
        var reader = Reader(bytes: bytes)
        let id = try reader.u16()
        let flags = try reader.u16()
        guard flags & 0x8000 != 0 else { throw .notAnAnswer }
        let questions = try reader.u16()
        let answers = try reader.u16()
        _ = try reader.u16()
        _ = try reader.u16()
        for _ in 0..<questions {
            _ = try reader.name()
            _ = try reader.u16()
            _ = try reader.u16()
        }
        var records: [Record] = []
        for _ in 0..<answers {
            let name = try reader.name()
            let code = try reader.u16()
            _ = try reader.u16()
            let ttl = UInt32(try reader.u16()) << 16 | UInt32(try reader.u16())
            let length = Int(try reader.u16())
            let start = reader.offset
            guard start + length <= bytes.count else { throw .truncatedMessage }
            let type = RecordType(code: code)
            let value: String
            switch type {
            case .a where length == 4:
                value = bytes[start..<start + 4].map(String.init).joined(separator: ".")
            case .aaaa where length == 16:
                value = IPAddress(family: .v6, value: bytes[start..<start + 16].reduce(UInt128(0)) { $0 << 8 | UInt128($1) }).description
            case .cname, .ns, .ptr:
                value = try reader.name()
            case .mx:
                let preference = try reader.u16()
                value = "\(preference) \(try reader.name())"
            case .txt:
                var strings: [String] = []
                var index = start
                while index < start + length {
                    let count = Int(bytes[index])
                    guard index + 1 + count <= start + length else { throw .truncatedMessage }
                    strings.append(String(decoding: bytes[(index + 1)..<(index + 1 + count)], as: UTF8.self))
                    index += 1 + count
                }
                value = strings.joined()
            case .soa:
                value = try reader.name()
            default:
                value = bytes[start..<start + length].map { String(format: "%02x", $0) }.joined()
            }
            reader.offset = start + length
            records.append(Record(name: name, type: type, ttl: ttl, value: value))
        }
        return Response(id: id, responseCode: Int(flags & 0x000F), truncated: flags & 0x0200 != 0, answers: records)
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func u16() throws(ParseError) -> UInt16 {
            guard offset + 2 <= bytes.count else { throw .truncatedMessage }
            defer { offset += 2 }
            return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        }

        /// A name, following compression pointers (at most 64 of them, so a loop ends), written with a final dot.
        mutating func name() throws(ParseError) -> String {
            var labels: [String] = []
            var position = offset
            var jumped = false
            var jumps = 0
            while true {
                guard position < bytes.count else { throw .truncatedMessage }
                let length = Int(bytes[position])
                if length & 0xC0 == 0xC0 {
                    guard position + 1 < bytes.count, jumps < 64 else { throw .badName }
                    let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                    if !jumped { offset = position + 2 }
                    (position, jumped, jumps) = (target, true, jumps + 1)
                } else if length == 0 {
                    if !jumped { offset = position + 1 }
                    return labels.joined(separator: ".") + "."
                } else {
                    guard length <= 63, position + 1 + length <= bytes.count else { throw .badName }
                    labels.append(String(decoding: bytes[(position + 1)..<(position + 1 + length)], as: UTF8.self))
                    position += 1 + length
                }
            }
        }
    }
}

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
