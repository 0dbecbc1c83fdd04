/// When a syslog line says it was written: RFC 3339 / RFC 5424 timestamps are complete; the classic BSD form
/// (`Dec  3 10:15:30`) has no year and no zone, which the reader supplies (`SyslogYear`).
public enum SyslogTime: Sendable, Equatable, Codable {
    /// Milliseconds since 1970 (UTC).
    case instant(Int64)
    /// Month (1–12), day and seconds into the day, in the writer's local time, year unknown.
    case yearless(month: Int, day: Int, secondOfDay: Int)
}

/// One line of a Postfix mail log, as syslog writes it: time, host, `postfix/<service>[pid]:` (or a second
/// instance's `postfix-out/<service>`), and the message, which mostly starts with a queue ID. Only what the mail
/// report needs is read: who sent and received (addresses, never subjects), sizes, delivery status, rejections.
public struct PostfixLine: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// `cleanup`/`pickup`/`smtpd`: a message got its queue ID (`client=…`, `uid=… from=<…>`, `message-id=…`).
        case accepted
        /// `qmgr`: `from=<…>, size=N, nrcpt=N (queue active)`: the sender and size.
        case queued(size: Int64, recipients: Int)
        /// `smtp`/`lmtp`/`local`/`virtual`/`error`: `to=<…>, … status=sent|deferred|bounced|expired`.
        case delivery(DeliveryStatus)
        /// `qmgr`: `removed`: the message left the queue.
        case removed
        /// `qmgr`: `from=<…>, status=expired, returned to sender`: it stayed past the queue's lifetime undelivered.
        case expired
        /// `smtpd`/`cleanup`: `NOQUEUE: reject: …` or `<id>: reject: …` / `milter-reject`.
        case rejected
        /// Anything else Postfix says (warnings, connects, statistics).
        case other
    }

    public enum DeliveryStatus: Sendable, Equatable, Codable {
        case sent, deferred, bounced, expired
    }

    public var time: SyslogTime
    public var host: Range<Int>
    /// `postfix`, or a second instance's name (`postfix-out`).
    public var instance: Range<Int>
    /// `smtpd`, `qmgr`, `smtp`, …
    public var service: Range<Int>
    /// Nil for `NOQUEUE` and for lines without one.
    public var queueID: Range<Int>?
    public var event: Event
    /// `from=<…>` or `to=<…>` (inside the angle brackets; empty for the null sender `<>`).
    public var address: Range<Int>?
    /// A delivery's `orig_to=<…>` where an alias rewrote it.
    public var originalRecipient: Range<Int>?
    /// `pickup`'s `orig_id=…` when `postsuper -r` put a message back in the queue under this new ID.
    public var requeuedFrom: Range<Int>? = nil
}

public enum PostfixLog {
    /// The line's parts, or nil when it is not a Postfix line (another program's, or no syslog header).
    public static func parse(_ line: UnsafeRawBufferPointer) -> PostfixLine? {
        var position = 0
        var structured = false
        guard let time = SyslogHeader.time(line, &position, rfc5424: &structured) else { return nil }
        var fields = FieldSplitter(line)
        fields.position = position
        guard let host = fields.next(), let tag = fields.next() else { return nil }
        let program: Range<Int>
        if structured {
            // RFC 5424: APP-NAME PROCID MSGID STRUCTURED-DATA, then the message.
            guard fields.next() != nil, fields.next() != nil, let data = fields.next() else { return nil }
            if line[data.lowerBound] == UInt8(ascii: "[") {
                // Elements run to the "]" before the message's space; their values are not read.
                var end = data.lowerBound
                while end < line.count, !(line[end] == UInt8(ascii: "]") && (end + 1 == line.count || line[end + 1] == 0x20)) { end += 1 }
                fields.position = min(line.count, end + 1)
            }
            program = tag
        } else {
            // postfix/smtpd[1234]: or postfix-out/smtp[99]: (the pid may be missing).
            guard line[tag.upperBound - 1] == UInt8(ascii: ":") else { return nil }
            program = tag.lowerBound..<(Bytes.firstIndex(of: UInt8(ascii: "["), in: line, tag) ?? (tag.upperBound - 1))
        }
        guard let slash = Bytes.firstIndex(of: UInt8(ascii: "/"), in: line, program) else { return nil }
        let instance = program.lowerBound..<slash
        guard Bytes.startsWith(line, instance, "postfix") else { return nil }
        let service = (slash + 1)..<program.upperBound
        var message = fields.position
        while message < line.count, line[message] == 0x20 { message += 1 }
        let rest = message..<line.count
        // The queue ID, or NOQUEUE, ends in a colon.
        var queueID: Range<Int>?
        var body = rest
        if let first = Bytes.firstIndex(of: UInt8(ascii: ":"), in: line, rest), first > rest.lowerBound,
            first + 1 < line.count, line[first + 1] == 0x20
        {
            let word = rest.lowerBound..<first
            if Bytes.equals(line, word, "NOQUEUE") {
                body = (first + 2)..<line.count
            } else if QueueID.isQueueID(line, word) {
                queueID = word
                body = (first + 2)..<line.count
            }
        }
        var event = PostfixLine.Event.other
        var address: Range<Int>?
        var original: Range<Int>?
        var requeuedFrom: Range<Int>?
        if Bytes.startsWith(line, body, "reject:") || Bytes.startsWith(line, body, "milter-reject:") {
            event = .rejected
        } else if queueID != nil {
            if Bytes.equals(line, body, "removed") {
                event = .removed
            } else if let to = Bytes.value(line, body, key: "to=<") {
                address = to
                original = Bytes.value(line, body, key: "orig_to=<")
                guard let status = Bytes.value(line, body, key: "status=", until: 0x20) else { return nil }
                if Bytes.equals(line, status, "sent") {
                    event = .delivery(.sent)
                } else if Bytes.equals(line, status, "deferred") {
                    event = .delivery(.deferred)
                } else if Bytes.equals(line, status, "bounced") {
                    event = .delivery(.bounced)
                } else if Bytes.equals(line, status, "expired") {
                    event = .delivery(.expired)
                } else {
                    event = .other
                }
            } else if let from = Bytes.value(line, body, key: "from=<") {
                address = from
                requeuedFrom = Bytes.value(line, body, key: "orig_id=", until: 0x20)
                if let status = Bytes.value(line, body, key: "status=", until: UInt8(ascii: ",")) {
                    event = Bytes.equals(line, status, "expired") ? .expired : .other
                } else if let size = Bytes.value(line, body, key: "size=", until: UInt8(ascii: ",")).flatMap({ Bytes.integer(line, $0) }) {
                    let recipients = Bytes.value(line, body, key: "nrcpt=", until: 0x20).flatMap { Bytes.integer(line, $0) } ?? 0
                    event = .queued(size: size, recipients: Int(recipients))
                } else {
                    event = .accepted
                }
            } else if Bytes.startsWith(line, body, "client=") || Bytes.startsWith(line, body, "uid=")
                || Bytes.startsWith(line, body, "message-id=")
            {
                event = .accepted
            }
        }
        return PostfixLine(
            time: time, host: host, instance: instance, service: service, queueID: queueID, event: event, address: address,
            originalRecipient: original, requeuedFrom: requeuedFrom)
    }

    public static func parse(_ line: [UInt8]) -> PostfixLine? { line.withUnsafeBytes { parse($0) } }

    /// Whether a line that is not Postfix's is still a syslog line (another program's in the same mail log, such as
    /// Dovecot's or OpenDKIM's), rather than a damaged one.
    public static func isSyslogLine(_ line: UnsafeRawBufferPointer) -> Bool {
        var position = 0
        var structured = false
        return SyslogHeader.time(line, &position, rfc5424: &structured) != nil
    }
}

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

/// The syslog header's time: RFC 3339 (`2026-12-03T10:15:30.123456+01:00`, as rsyslog's high-precision format and
/// RFC 5424 write it) or the classic `Mmm dd hh:mm:ss`. RFC 5424's `<PRI>1 ` prefix is skipped.
enum SyslogHeader {
    static func time(_ line: UnsafeRawBufferPointer, _ position: inout Int, rfc5424: inout Bool) -> SyslogTime? {
        var start = 0
        // <PRI>VERSION of RFC 5424, or <PRI> of a raw RFC 3164 line.
        if start < line.count, line[start] == UInt8(ascii: "<"),
            let close = Bytes.firstIndex(of: UInt8(ascii: ">"), in: line, 0..<min(line.count, 6))
        {
            start = close + 1
            if start + 1 < line.count, line[start] == UInt8(ascii: "1"), line[start + 1] == 0x20 {
                start += 2
                rfc5424 = true
            }
        }
        guard start + 15 <= line.count else { return nil }
        if line[start + 4] == UInt8(ascii: "-") {
            var fields = FieldSplitter(line)
            fields.position = start
            guard let field = fields.next(), let instant = RFC3339.milliseconds(line, field) else { return nil }
            position = field.upperBound
            return .instant(instant)
        }
        // Mmm dd hh:mm:ss: the day padded with a space ("Dec  3"), or by some writers not ("Dec 3").
        guard let month = CommonTime.month(line[start], line[start + 1], line[start + 2]), line[start + 3] == 0x20 else { return nil }
        let day: Range<Int>
        if line[start + 4] == 0x20 {
            day = (start + 5)..<(start + 6)
        } else if line[start + 5] == 0x20 {
            day = (start + 4)..<(start + 5)
        } else {
            day = (start + 4)..<(start + 6)
        }
        let clock = day.upperBound + 1
        guard line[day.upperBound] == 0x20, clock + 8 <= line.count, line[clock + 2] == UInt8(ascii: ":"),
            line[clock + 5] == UInt8(ascii: ":"), let dayNumber = Bytes.integer(line, day), (1...31).contains(dayNumber),
            let hour = Bytes.integer(line, clock..<(clock + 2)), let minute = Bytes.integer(line, (clock + 3)..<(clock + 5)),
            let second = Bytes.integer(line, (clock + 6)..<(clock + 8)), hour < 24, minute < 60, second < 61
        else { return nil }
        position = clock + 8
        return .yearless(month: month, day: Int(dayNumber), secondOfDay: Int(hour * 3600 + minute * 60 + second))
    }
}

/// RFC 3339 timestamps: `2026-12-03T10:15:30Z`, with a fraction of any length and an offset.
enum RFC3339 {
    static func milliseconds(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        guard range.count >= 20 else { return nil }
        let s = range.lowerBound
        func number(_ offset: Int, _ length: Int) -> Int64? { Bytes.integer(line, (s + offset)..<(s + offset + length)) }
        guard line[s + 4] == UInt8(ascii: "-"), line[s + 7] == UInt8(ascii: "-"), line[s + 10] | 0x20 == UInt8(ascii: "t"),
            line[s + 13] == UInt8(ascii: ":"), line[s + 16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var index = s + 19
        var millis: Int64 = 0
        if index < range.upperBound, line[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < range.upperBound, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
                if digits < 3 { millis = millis * 10 + Int64(line[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        guard index < range.upperBound else { return nil }
        var offset: Int64 = 0
        switch line[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == range.upperBound else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == range.upperBound, line[index + 3] == UInt8(ascii: ":"),
                let hours = Bytes.integer(line, (index + 1)..<(index + 3)), let minutes = Bytes.integer(line, (index + 4)..<(index + 6))
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (line[index] == UInt8(ascii: "+") ? 1 : -1)
        default: return nil
        }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis - offset * 1000
    }
}

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

/// Years for yearless syslog times, read in a log's order. A log runs forward in time, so a month smaller than the
/// line before's means a new year (December, then January); the first line takes the year that puts it not after the
/// reference day — the file's last change — so a December line read in January belongs to the year before.
public struct SyslogYear: Sendable {
    private var year: Int
    private var lastMonth: Int?
    private let reference: (year: Int, month: Int, day: Int)

    public init(referenceYear: Int, month: Int, day: Int) {
        reference = (referenceYear, month, day)
        year = referenceYear
    }

    public mutating func year(month: Int, day: Int) -> Int {
        if let lastMonth {
            if month < lastMonth { year += 1 }
        } else if (month, day) > (reference.month, reference.day + 1) {
            year = reference.year - 1
        }
        lastMonth = month
        return year
    }
}

extension SyslogTime {
    /// Milliseconds since 1970 for a yearless time, given its year and the writer's offset from UTC on that day.
    public static func milliseconds(year: Int, month: Int, day: Int, secondOfDay: Int, utcOffsetSeconds: Int) -> Int64 {
        let days = CivilDate.daysSince1970(year: Int64(year), month: Int64(month), day: Int64(day))
        return (days * 86_400 + Int64(secondOfDay) - Int64(utcOffsetSeconds)) * 1000
    }
}
