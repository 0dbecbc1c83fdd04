extension SNMPMessage {
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
