// What every parser of LogFormats reads lines with: fields, numbers, texts and hosts found in place over bytes.

/// Fields separated by runs of spaces or tabs.
struct FieldSplitter {
    let line: UnsafeRawBufferPointer
    var position = 0

    init(_ line: UnsafeRawBufferPointer) { self.line = line }

    mutating func next() -> Range<Int>? {
        while position < line.count, line[position] == 0x20 || line[position] == 0x09 { position += 1 }
        guard position < line.count else { return nil }
        let start = position
        while position < line.count, line[position] != 0x20, line[position] != 0x09 { position += 1 }
        return start..<position
    }
}

/// Small readings of bytes in place.
enum Bytes {
    /// A non-negative decimal integer filling the range; nil for anything else (or more than 18 digits).
    static func integer(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value: Int64 = 0
        for index in range {
            let digit = line[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    /// Seconds with up to three decimals ("1286536309.458", "1286536309") as milliseconds.
    static func decimalMilliseconds(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        guard let dot = lastIndex(of: UInt8(ascii: "."), in: line, range) else { return integer(line, range).map { $0 * 1000 } }
        guard let seconds = integer(line, range.lowerBound..<dot) else { return nil }
        let fraction = (dot + 1)..<range.upperBound
        guard fraction.count <= 3 else { return nil }
        guard let digits = fraction.isEmpty ? 0 : integer(line, fraction) else { return nil }
        let scale: Int64 = fraction.count == 1 ? 100 : fraction.count == 2 ? 10 : 1
        return seconds * 1000 + digits * scale
    }

    static func lastIndex(of byte: UInt8, in line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            if line[index] == byte { return index }
        }
        return nil
    }

    static func firstIndex(of byte: UInt8, in line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        for index in range where line[index] == byte { return index }
        return nil
    }

    static func isDash(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        range.count == 1 && line[range.lowerBound] == UInt8(ascii: "-")
    }

    static func equals(_ line: UnsafeRawBufferPointer, _ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        let pattern = text.utf8Start
        for offset in 0..<range.count where line[range.lowerBound + offset] != pattern[offset] { return false }
        return true
    }

    static func contains(_ line: UnsafeRawBufferPointer, _ range: Range<Int>, _ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard range.count >= length else { return false }
        let pattern = text.utf8Start
        var start = range.lowerBound
        while start + length <= range.upperBound {
            var offset = 0
            while offset < length, line[start + offset] == pattern[offset] { offset += 1 }
            if offset == length { return true }
            start += 1
        }
        return false
    }
}
