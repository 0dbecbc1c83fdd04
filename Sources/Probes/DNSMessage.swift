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

}
