extension Bytes {
    static func startsWith(_ line: UnsafeRawBufferPointer, _ range: Range<Int>, _ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard range.count >= length else { return false }
        return equals(line, range.lowerBound..<(range.lowerBound + length), text)
    }

    /// The value after `key` up to `until` (or the end of the range): with a key ending in `<`, up to the `>`.
    static func value(_ line: UnsafeRawBufferPointer, _ range: Range<Int>, key: StaticString, until: UInt8? = nil) -> Range<Int>? {
        let length = key.utf8CodeUnitCount
        let pattern = key.utf8Start
        var start = range.lowerBound
        while start + length <= range.upperBound {
            // A key starts the text or follows a space or comma ("orig_to=<" must not match inside "to=<").
            if start == range.lowerBound || line[start - 1] == 0x20 || line[start - 1] == UInt8(ascii: ",") {
                var offset = 0
                while offset < length, line[start + offset] == pattern[offset] { offset += 1 }
                if offset == length {
                    let valueStart = start + length
                    let end = pattern[length - 1] == UInt8(ascii: "<") ? UInt8(ascii: ">") : until
                    guard let end else { return valueStart..<range.upperBound }
                    return valueStart..<(firstIndex(of: end, in: line, valueStart..<range.upperBound) ?? range.upperBound)
                }
            }
            start += 1
        }
        return nil
    }
}
