import Foundation

extension SNMPMessage {
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
}
