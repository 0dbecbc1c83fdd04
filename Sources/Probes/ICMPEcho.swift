/// ICMP echo messages (RFC 792, RFC 4443) as bytes.
enum ICMPEcho {
    static func request(identifier: UInt16, sequence: UInt16, payload: [UInt8], v6: Bool) -> [UInt8] {
        var packet: [UInt8] = [
            v6 ? 128 : 8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF),
        ]
        packet += payload
        // The kernel computes ICMPv6 checksums (they cover a pseudo-header); ICMPv4's is ours to fill in.
        if !v6 {
            let sum = checksum(packet)
            (packet[2], packet[3]) = (UInt8(sum >> 8), UInt8(sum & 0xFF))
        }
        return packet
    }

    static func isReply(_ bytes: [UInt8], identifier: UInt16?, sequence: UInt16, payload: [UInt8], v6: Bool) -> Bool {
        guard bytes.count >= 8 + payload.count, bytes[0] == (v6 ? 129 : 0), bytes[1] == 0 else { return false }
        if let identifier, UInt16(bytes[4]) << 8 | UInt16(bytes[5]) != identifier { return false }
        return UInt16(bytes[6]) << 8 | UInt16(bytes[7]) == sequence && Array(bytes[8..<(8 + payload.count)]) == payload
    }

    /// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.
    static func checksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
