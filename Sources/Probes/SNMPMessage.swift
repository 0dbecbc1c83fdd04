/// SNMP v2c GET messages (RFC 3416) in BER (X.690), the part a check needs: a GetRequest out, the variable bindings
/// of the Response back.
public enum SNMPMessage {
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

}
