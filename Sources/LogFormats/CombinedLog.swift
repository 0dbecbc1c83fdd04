public enum CombinedLog {
    public static func parse(_ line: UnsafeRawBufferPointer) -> CombinedLine? {
        var fields = FieldSplitter(line)
        guard let client = fields.next(), fields.next() != nil, let user = fields.next() else { return nil }
        // [date] is one field: the day and time, a space, the offset, in brackets.
        var position = fields.position
        while position < line.count, line[position] == 0x20 { position += 1 }
        guard position < line.count, line[position] == UInt8(ascii: "["),
            let close = Bytes.firstIndex(of: UInt8(ascii: "]"), in: line, position..<line.count),
            let time = CommonTime.milliseconds(line, (position + 1)..<close)
        else { return nil }
        position = close + 1
        guard let request = quoted(line, &position) else { return nil }
        fields.position = position
        guard let statusField = fields.next(), let status = Bytes.integer(line, statusField), let sizeField = fields.next() else {
            return nil
        }
        let bytes: Int64
        if Bytes.isDash(line, sizeField) {
            bytes = 0
        } else {
            guard let size = Bytes.integer(line, sizeField) else { return nil }
            bytes = size
        }
        position = fields.position
        let referer = quoted(line, &position)
        let agent = referer == nil ? nil : quoted(line, &position)
        // The request line: method, target, version, split on single spaces.
        var parts = FieldSplitter(UnsafeRawBufferPointer(rebasing: line[request]))
        var method = request.lowerBound..<request.lowerBound
        var target = method
        var host = method
        if let first = parts.next(), let second = parts.next() {
            method = (request.lowerBound + first.lowerBound)..<(request.lowerBound + first.upperBound)
            target = (request.lowerBound + second.lowerBound)..<(request.lowerBound + second.upperBound)
            host = URLHost.host(line, target, authorityOnly: Bytes.equals(line, method, "CONNECT"))
        }
        return CombinedLine(
            client: client, user: Bytes.isDash(line, user) ? nil : user, time: time, request: request, method: method, target: target,
            host: host, status: Int(status), bytes: bytes, referer: referer.flatMap { Bytes.isDash(line, $0) ? nil : $0 },
            userAgent: agent.flatMap { Bytes.isDash(line, $0) ? nil : $0 })
    }

    public static func parse(_ line: [UInt8]) -> CombinedLine? { line.withUnsafeBytes { parse($0) } }

    /// A double-quoted field starting at `position` (after spaces), with `\"` and `\\` inside; the range is inside the
    /// quotes, and `position` moves past the closing one.
    static func quoted(_ line: UnsafeRawBufferPointer, _ position: inout Int) -> Range<Int>? {
        var index = position
        while index < line.count, line[index] == 0x20 { index += 1 }
        guard index < line.count, line[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        index = start
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                position = index + 1
                return start..<index
            default: index += 1
            }
        }
        return nil
    }
}
