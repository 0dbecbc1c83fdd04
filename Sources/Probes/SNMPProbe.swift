import Domain
import Foundation
import NIOCore
import NIOPosix

/// SNMP v2c GET messages (RFC 3416) in BER (X.690), the part a check needs: a GetRequest out, the variable bindings
/// of the Response back.
public enum SNMPMessage {
    /// A value as an agent returns it.
    public enum Value: Sendable, Equatable {
        case integer(Int64)
        case string([UInt8])
        case oid(String)
        case ipAddress(String)
        /// Counter32, Gauge32, Counter64: a non-negative number.
        case unsigned(UInt64)
        /// Hundredths of a second (sysUpTime).
        case timeTicks(UInt64)
        case null
        /// The agent has no such object, or no such instance of it.
        case noSuchObject
        case noSuchInstance
        case endOfMibView
        case other(tag: UInt8, [UInt8])

        /// The number a threshold can judge, when the value is one.
        public var number: Int64? {
            switch self {
            case .integer(let value): value
            case .unsigned(let value), .timeTicks(let value): Int64(clamping: value)
            case .string(let bytes): Int64(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            default: nil
            }
        }

        /// As people read it: text for printable strings, hex otherwise.
        public var text: String {
            switch self {
            case .integer(let value): "\(value)"
            case .unsigned(let value): "\(value)"
            case .timeTicks(let ticks): "\(ticks)"
            case .string(let bytes):
                bytes.allSatisfy({ $0 == 9 || $0 == 10 || $0 == 13 || (32..<127).contains($0) || $0 >= 0x80 })
                    ? String(decoding: bytes, as: UTF8.self) : bytes.map { String(format: "%02x", $0) }.joined(separator: ":")
            case .oid(let oid): oid
            case .ipAddress(let address): address
            case .null: ""
            case .noSuchObject: "noSuchObject"
            case .noSuchInstance: "noSuchInstance"
            case .endOfMibView: "endOfMibView"
            case .other(let tag, let bytes): String(format: "[%02x] ", tag) + bytes.map { String(format: "%02x", $0) }.joined()
            }
        }
    }

    public enum CodingError: Error, Equatable, Sendable {
        case badOID(String)
        case malformed
    }

    /// The error-status names of RFC 3416.
    static let errorNames = [
        1: "tooBig", 2: "noSuchName", 3: "badValue", 4: "readOnly", 5: "genErr", 6: "noAccess", 7: "wrongType", 16: "authorizationError",
    ]

    public struct Response: Sendable, Equatable {
        public let requestID: Int64
        public let errorStatus: Int
        public let bindings: [(oid: String, value: Value)]

        public var errorName: String { SNMPMessage.errorNames[errorStatus] ?? "error \(errorStatus)" }

        public static func == (lhs: Response, rhs: Response) -> Bool {
            lhs.requestID == rhs.requestID && lhs.errorStatus == rhs.errorStatus && lhs.bindings.elementsEqual(rhs.bindings) { $0 == $1 }
        }
    }

    /// A v2c GetRequest for `oids`.
    public static func getRequest(community: String, requestID: Int32, oids: [String]) throws(CodingError) -> [UInt8] {
        var bindings: [UInt8] = []
        for oid in oids { bindings += tlv(0x30, try encodeOID(oid) + [0x05, 0x00]) }
        let pdu = tlv(0xA0, integer(Int64(requestID)) + integer(0) + integer(0) + tlv(0x30, bindings))
        return tlv(0x30, integer(1) + tlv(0x04, Array(community.utf8)) + pdu)
    }

    public static func parseResponse(_ bytes: [UInt8]) throws(CodingError) -> Response {
        var outer = Reader(bytes: bytes[...])
        var message = try outer.read(expecting: 0x30)
        guard case .integer(1) = try decodeValue(try message.readAny()) else { throw .malformed }
        _ = try message.read(expecting: 0x04)
        var pdu = try message.read(expecting: 0xA2)
        guard case .integer(let requestID) = try decodeValue(try pdu.readAny()),
            case .integer(let status) = try decodeValue(try pdu.readAny()), case .integer = try decodeValue(try pdu.readAny())
        else { throw .malformed }
        var list = try pdu.read(expecting: 0x30)
        var bindings: [(oid: String, value: Value)] = []
        while !list.isAtEnd {
            var binding = try list.read(expecting: 0x30)
            guard case .oid(let oid) = try decodeValue(try binding.readAny()) else { throw .malformed }
            bindings.append((oid, try decodeValue(try binding.readAny())))
        }
        return Response(requestID: requestID, errorStatus: Int(status), bindings: bindings)
    }

    // MARK: BER

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] { [tag] + length(content.count) + content }

    static func length(_ count: Int) -> [UInt8] {
        guard count >= 0x80 else { return [UInt8(count)] }
        var bytes: [UInt8] = []
        var rest = count
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    /// The shortest two's-complement encoding.
    static func integer(_ value: Int64) -> [UInt8] {
        var bytes = withUnsafeBytes(of: value.bigEndian, Array.init)
        while bytes.count > 1, (bytes[0] == 0 && bytes[1] & 0x80 == 0) || (bytes[0] == 0xFF && bytes[1] & 0x80 != 0) {
            bytes.removeFirst()
        }
        return tlv(0x02, bytes)
    }

    static func encodeOID(_ text: String) throws(CodingError) -> [UInt8] {
        let parts = text.trimmingCharacters(in: CharacterSet(charactersIn: ". ")).split(separator: ".").map { UInt64($0) }
        guard parts.count >= 2, parts.allSatisfy({ $0 != nil }), let first = parts[0], let second = parts[1], first <= 2,
            first == 2 || second < 40
        else { throw .badOID(text) }
        var bytes: [UInt8] = []
        for arc in [first * 40 + second] + parts.dropFirst(2).map({ $0! }) {
            var chunk: [UInt8] = [UInt8(arc & 0x7F)]
            var rest = arc >> 7
            while rest > 0 {
                chunk.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            bytes += chunk
        }
        return tlv(0x06, bytes)
    }

    static func decodeValue(_ element: (tag: UInt8, content: ArraySlice<UInt8>)) throws(CodingError) -> Value {
        let content = element.content
        func unsigned() throws(CodingError) -> UInt64 {
            guard content.count <= 9 else { throw .malformed }
            return content.reduce(0) { $0 << 8 | UInt64($1) }
        }
        switch element.tag {
        case 0x02:
            guard !content.isEmpty, content.count <= 8 else { throw .malformed }
            let negative = content.first! & 0x80 != 0
            return .integer(content.reduce(negative ? -1 : 0) { $0 << 8 | Int64($1) })
        case 0x04: return .string(Array(content))
        case 0x05: return .null
        case 0x06:
            guard let first = content.first else { throw .malformed }
            var arcs: [UInt64] = first >= 80 ? [2, UInt64(first) - 80] : [UInt64(first) / 40, UInt64(first) % 40]
            var value: UInt64 = 0
            for byte in content.dropFirst() {
                value = value << 7 | UInt64(byte & 0x7F)
                if byte & 0x80 == 0 {
                    arcs.append(value)
                    value = 0
                }
            }
            return .oid(arcs.map(String.init).joined(separator: "."))
        case 0x40:
            guard content.count == 4 else { throw .malformed }
            return .ipAddress(content.map(String.init).joined(separator: "."))
        case 0x41, 0x42, 0x46: return .unsigned(try unsigned())
        case 0x43: return .timeTicks(try unsigned())
        case 0x80: return .noSuchObject
        case 0x81: return .noSuchInstance
        case 0x82: return .endOfMibView
        default: return .other(tag: element.tag, Array(content))
        }
    }

    struct Reader {
        var bytes: ArraySlice<UInt8>

        var isAtEnd: Bool { bytes.isEmpty }

        mutating func readAny() throws(CodingError) -> (tag: UInt8, content: ArraySlice<UInt8>) {
            guard let tag = bytes.first, bytes.count >= 2 else { throw .malformed }
            var index = bytes.startIndex + 1
            var count = Int(bytes[index])
            index += 1
            if count & 0x80 != 0 {
                let octets = count & 0x7F
                guard (1...4).contains(octets), index + octets <= bytes.endIndex else { throw .malformed }
                count = bytes[index..<(index + octets)].reduce(0) { $0 << 8 | Int($1) }
                index += octets
            }
            guard index + count <= bytes.endIndex else { throw .malformed }
            let content = bytes[index..<(index + count)]
            bytes = bytes[(index + count)...]
            return (tag, content)
        }

        mutating func read(expecting tag: UInt8) throws(CodingError) -> Reader {
            let element = try readAny()
            guard element.tag == tag else { throw .malformed }
            return Reader(bytes: element.content)
        }
    }
}

/// Reads one or two objects from an SNMP v2c agent: one value (sysUpTime, ifOperStatus) compared with an expected
/// value or judged by thresholds, or two (hrStorageUsed and hrStorageSize) whose ratio in per cent is judged.
public struct SNMPProbe: Sendable {
    public var host: String
    public var port: Int
    public var community: String
    /// One OID, or two for used and size.
    public var oids: [String]
    /// The text the value must equal ("1" for ifOperStatus up).
    public var expected: String?
    /// On the value, or on the percentage when two OIDs are read.
    public var thresholds: Thresholds
    public var timeout: Duration
    /// Requests sent before giving up: UDP loses packets.
    public var attempts: Int

    public init(
        host: String, port: Int = 161, community: String = "public", oids: [String], expected: String? = nil,
        thresholds: Thresholds = Thresholds(), timeout: Duration = .seconds(2), attempts: Int = 2
    ) {
        (self.host, self.port, self.community, self.oids, self.expected) = (host, port, community, oids, expected)
        (self.thresholds, self.timeout, self.attempts) = (thresholds, timeout, attempts)
    }

    public func run(on group: any EventLoopGroup) async -> ProbeResult {
        let requestID = Int32.random(in: 1...Int32.max)
        guard (1...2).contains(oids.count),
            let request = try? SNMPMessage.getRequest(community: community, requestID: requestID, oids: oids)
        else { return .failed(.invalidTarget, oids.joined(separator: ", ")) }
        let start = ContinuousClock.now
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            return .failed(.unresolved, host)
        }
        do {
            let response = try await exchangeDatagram(on: group, to: address, request: request, timeout: timeout, attempts: attempts) {
                bytes in
                (try? SNMPMessage.parseResponse(bytes)).flatMap { $0.requestID == Int64(requestID) ? $0 : nil }
            }
            let elapsed = milliseconds(since: start)
            // An agent does not answer a community it does not know: silence is all a wrong community gets.
            guard let response else { return .failed(.timeout, "\(host):\(port)", milliseconds: elapsed) }
            return judge(response, milliseconds: elapsed)
        } catch {
            return .classify(error, milliseconds: milliseconds(since: start))
        }
    }

    func judge(_ response: SNMPMessage.Response, milliseconds: Int) -> ProbeResult {
        guard response.errorStatus == 0 else { return .failed(.snmpError, response.errorName, milliseconds: milliseconds) }
        let values = response.bindings.map(\.value)
        guard values.count == oids.count else { return .failed(.snmpError, "\(values.count) of \(oids.count)", milliseconds: milliseconds) }
        if let missing = response.bindings.first(where: { [.noSuchObject, .noSuchInstance, .endOfMibView].contains($0.value) }) {
            return .failed(.noSuchObject, "\(missing.oid): \(missing.value.text)", milliseconds: milliseconds)
        }
        if values.count == 2 {
            guard let used = values[0].number, let size = values[1].number, size > 0 else {
                return .failed(.snmpError, values.map(\.text).joined(separator: " / "), milliseconds: milliseconds)
            }
            let percent = Int(used * 100 / size)
            let status = thresholds.status(for: percent)
            return ProbeResult(
                status: status, milliseconds: milliseconds, value: percent, problem: status == .ok ? nil : .threshold,
                detail: "\(percent) % (\(used) / \(size))")
        }
        let value = values[0]
        if let expected, value.text != expected {
            return .failed(.answerMismatch, String(value.text.prefix(200)), milliseconds: milliseconds)
        }
        guard thresholds.warning != nil || thresholds.critical != nil, let number = value.number else {
            return ProbeResult(
                status: .ok, milliseconds: milliseconds, value: value.number.map { Int(clamping: $0) },
                detail: String(value.text.prefix(200)))
        }
        let status = thresholds.status(for: Int(clamping: number))
        return ProbeResult(
            status: status, milliseconds: milliseconds, value: Int(clamping: number), problem: status == .ok ? nil : .threshold,
            detail: value.text)
    }
}
