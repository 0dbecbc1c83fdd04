/// Postfix's queue IDs: short ones, 6 to 12 upper-case hexadecimal digits (which repeat over time), and long ones
/// (`enable_long_queue_ids`): 10 or more characters of digits and consonants with a `z` between time and inode part.
enum QueueID {
    static func isQueueID(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard (6...20).contains(range.count) else { return false }
        var hex = true
        var long = true
        for index in range {
            let byte = line[index]
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            let upperHex = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F")
            if !(digit || upperHex) { hex = false }
            let lower = byte | 0x20
            let consonant =
                switch lower {
                case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): false
                default: lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
                }
            if !(digit || consonant) { long = false }
        }
        return (hex && range.count <= 12) || (long && range.count >= 10 && Bytes.firstIndex(of: UInt8(ascii: "z"), in: line, range) != nil)
    }
}
