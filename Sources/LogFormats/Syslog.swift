/// Messages as rsyslog or syslog-ng forward them (RFC 5424, RFC 3164): framing on a TCP stream, and the message text
/// inside the header, for logs whose lines are not syslog lines themselves (Squid's `access_log syslog:` lines).
public enum SyslogFraming {
    /// Finds the complete messages at the start of `bytes`, a TCP stream's unread bytes: each either octet-counted
    /// (RFC 6587 3.4.1: `LENGTH SP MESSAGE`) or ended by a newline (the non-transparent framing most senders use).
    /// Appends their ranges to `frames` and returns how many bytes they take; the rest waits for more bytes.
    /// Returns nil when the stream cannot be framed (an octet count over `maximum`).
    public static func frames(_ bytes: UnsafeRawBufferPointer, into frames: inout [Range<Int>], maximum: Int = 64 * 1024) -> Int? {
        var position = 0
        while position < bytes.count {
            let first = bytes[position]
            if first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") {
                // Octet counting: digits, a space, then exactly that many bytes.
                var index = position
                var length = 0
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    length = length * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    if length > maximum { return nil }
                    index += 1
                }
                guard index < bytes.count else { break }
                guard bytes[index] == 0x20 else { return nil }
                let end = index + 1 + length
                guard end <= bytes.count else { break }
                var message = (index + 1)..<end
                if message.count > 0, bytes[message.upperBound - 1] == 0x0A { message = message.lowerBound..<(message.upperBound - 1) }
                frames.append(message)
                position = end
            } else {
                var index = position
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                guard index < bytes.count else {
                    if index - position > maximum { return nil }
                    break
                }
                var message = position..<index
                if message.count > 0, bytes[message.upperBound - 1] == 0x0D { message = message.lowerBound..<(message.upperBound - 1) }
                if !message.isEmpty { frames.append(message) }
                position = index + 1
            }
        }
        return position
    }
}

public enum SyslogMessage {
    /// The MSG part of a syslog line: after `<PRI>`, the time, the host and the tag (`squid[123]:`) of RFC 3164, or
    /// after `<PRI>1 TIMESTAMP HOST APP PROCID MSGID STRUCTURED-DATA` of RFC 5424. Nil when the line has no header.
    public static func body(_ line: UnsafeRawBufferPointer) -> Range<Int>? {
        var position = 0
        var structured = false
        guard SyslogHeader.time(line, &position, rfc5424: &structured) != nil else { return nil }
        var fields = FieldSplitter(line)
        fields.position = position
        guard fields.next() != nil else { return nil }  // host
        if structured {
            guard fields.next() != nil, fields.next() != nil, fields.next() != nil, let data = fields.next() else { return nil }
            var end = data.upperBound
            if line[data.lowerBound] == UInt8(ascii: "[") {
                end = data.lowerBound
                while end < line.count, !(line[end] == UInt8(ascii: "]") && (end + 1 == line.count || line[end + 1] == 0x20)) { end += 1 }
                end = min(line.count, end + 1)
            }
            var start = end
            while start < line.count, line[start] == 0x20 { start += 1 }
            // A UTF-8 byte-order mark may open the message.
            if start + 3 <= line.count, line[start] == 0xEF, line[start + 1] == 0xBB, line[start + 2] == 0xBF { start += 3 }
            return start..<line.count
        }
        guard let tag = fields.next(), line[tag.upperBound - 1] == UInt8(ascii: ":") else { return nil }
        var start = tag.upperBound
        while start < line.count, line[start] == 0x20 { start += 1 }
        return start..<line.count
    }
}
