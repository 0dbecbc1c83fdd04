import Domain
import Foundation

extension DNSMessage {
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
