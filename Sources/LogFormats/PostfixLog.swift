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
