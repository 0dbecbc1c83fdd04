import Testing

@testable import LogFormats

@Suite("Postfix mail-log lines: services, queue IDs, senders, deliveries, rejections, syslog times")
struct PostfixLogTests {
    struct Read: Equatable {
        var time: SyslogTime
        var host: String
        var instance: String
        var service: String
        var queueID: String?
        var event: PostfixLine.Event
        var address: String?
        var original: String?
    }

    func read(_ text: String) -> Read? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { line in
            PostfixLog.parse(line).map { parsed in
                Read(
                    time: parsed.time, host: LogText.string(line, parsed.host), instance: LogText.string(line, parsed.instance),
                    service: LogText.string(line, parsed.service), queueID: parsed.queueID.map { LogText.string(line, $0) },
                    event: parsed.event, address: parsed.address.map { LogText.string(line, $0) },
                    original: parsed.originalRecipient.map { LogText.string(line, $0) })
            }
        }
    }

    let morning = SyslogTime.yearless(month: 12, day: 3, secondOfDay: 10 * 3600 + 15 * 60 + 30)

    @Test("One message's way through smtpd, cleanup, qmgr, smtp and lmtp to removal, by its short queue ID")
    func messageLifecycle() {
        #expect(
            read("Dec  3 10:15:30 mail postfix/smtpd[1234]: 4F1A2B3C4D: client=unknown[192.0.2.10]")
                == Read(time: morning, host: "mail", instance: "postfix", service: "smtpd", queueID: "4F1A2B3C4D", event: .accepted))
        #expect(read("Dec  3 10:15:30 mail postfix/cleanup[1240]: 4F1A2B3C4D: message-id=<20261203.ABC@example.ee>")?.event == .accepted)
        #expect(
            read("Dec  3 10:15:30 mail postfix/qmgr[900]: 4F1A2B3C4D: from=<anna@example.ee>, size=20480, nrcpt=2 (queue active)")
                == Read(
                    time: morning, host: "mail", instance: "postfix", service: "qmgr", queueID: "4F1A2B3C4D",
                    event: .queued(size: 20480, recipients: 2), address: "anna@example.ee"))
        let sent = read(
            "Dec  3 10:15:31 mail postfix/smtp[1250]: 4F1A2B3C4D: to=<bob@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.1]:25, delay=1.2, delays=0.1/0.01/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1764756931 x)"
        )
        #expect(sent?.event == .delivery(.sent) && sent?.address == "bob@gmail.com" && sent?.original == nil)
        let aliased = read(
            "Dec  3 10:15:31 mail postfix/lmtp[1251]: 4F1A2B3C4D: to=<carl@example.ee>, orig_to=<sales@example.ee>, relay=mail.example.ee[private/dovecot-lmtp], delay=0.3, delays=0.1/0/0/0.2, dsn=2.0.0, status=sent (250 2.0.0 <carl@example.ee> Saved)"
        )
        #expect(aliased?.address == "carl@example.ee" && aliased?.original == "sales@example.ee" && aliased?.service == "lmtp")
        #expect(read("Dec  3 10:15:31 mail postfix/qmgr[900]: 4F1A2B3C4D: removed")?.event == .removed)
        #expect(read("Dec  3 10:19:00 mail postfix/pickup[1300]: 5A6B7C8D9E: uid=1000 from=<backup@server.example.ee>")?.event == .accepted)
        #expect(read("Dec  3 10:19:00 mail postfix/qmgr[900]: 5A6B7C8D9E: from=<>, size=3210, nrcpt=1 (queue active)")?.address == "")
    }

    @Test("Rejections without a queue ID, deferrals and bounces, a second instance, long queue IDs")
    func failures() {
        let reject = read(
            "Dec  3 10:16:00 mail postfix/smtpd[1234]: NOQUEUE: reject: RCPT from unknown[198.51.100.7]: 554 5.7.1 <spam@example.ee>: Relay access denied; from=<x@spam.example> to=<spam@example.ee> proto=ESMTP helo=<spam.example>"
        )
        #expect(reject?.event == .rejected && reject?.queueID == nil)
        let deferred = read(
            "Dec  3 10:17:00 mail postfix-out/smtp[2000]: 3xYzKq0bCdz9vQm: to=<partner@firma.de>, relay=none, delay=300, delays=300/0/0/0, dsn=4.4.1, status=deferred (connect to mx.firma.de[203.0.113.9]:25: Connection refused)"
        )
        #expect(deferred?.instance == "postfix-out" && deferred?.queueID == "3xYzKq0bCdz9vQm" && deferred?.event == .delivery(.deferred))
        #expect(
            read(
                "Dec  3 10:17:05 mail postfix/smtp[2001]: 4F1A2B3C4E: to=<nobody@example.org>, relay=mx.example.org[192.0.2.20]:25, delay=0.5, dsn=5.1.1, status=bounced (host said: 550 5.1.1 user unknown)"
            )?.event == .delivery(.bounced))
        #expect(
            read("Dec  3 10:17:06 mail postfix/qmgr[900]: 4F1A2B3C4F: from=<a@example.ee>, status=expired, returned to sender")?.event
                == .expired)
        #expect(
            read("Dec  3 10:17:07 mail postfix/cleanup[1240]: 4F1A2B3C50: milter-reject: END-OF-MESSAGE from x[192.0.2.1]: 5.7.1 Spam")?
                .event == .rejected)
        #expect(read("Dec  3 10:17:08 mail postfix/smtpd[1234]: connect from unknown[192.0.2.10]")?.event == .other)
    }

    @Test("RFC 3339 times with a fraction and an offset, RFC 5424 lines, a single-digit day, the last second of the year")
    func times() {
        #expect(read("2026-12-03T10:18:00.123456+01:00 mail postfix/qmgr[900]: 4F1A2B3C4D: removed")?.time == .instant(1_796_289_480_123))
        #expect(read("2026-12-03T09:18:00Z mail postfix/qmgr[900]: 4F1A2B3C4D: removed")?.time == .instant(1_796_289_480_000))
        let structured = read("<22>1 2026-12-03T09:18:00.5Z mail postfix/qmgr 900 - - 4F1A2B3C4D: removed")
        #expect(structured?.time == .instant(1_796_289_480_500) && structured?.service == "qmgr" && structured?.event == .removed)
        let withData = read(#"<22>1 2026-12-03T09:18:00Z mail postfix/qmgr 900 - [meta sequenceId="7"] 4F1A2B3C4D: removed"#)
        #expect(withData?.event == .removed && withData?.queueID == "4F1A2B3C4D")
        #expect(read("Jan 1 00:00:01 mail postfix/qmgr[900]: 4F1A2B3C4D: removed")?.time == .yearless(month: 1, day: 1, secondOfDay: 1))
        #expect(
            read("Dec 31 23:59:59 mail postfix/qmgr[900]: 4F1A2B3C4D: removed")?.time == .yearless(month: 12, day: 31, secondOfDay: 86_399))
    }

    @Test("Other programs' lines and broken headers are refused")
    func notPostfix() {
        #expect(read("Dec  3 10:15:30 mail sshd[4321]: Accepted publickey for root") == nil)
        #expect(read("Dec  3 10:15:30 mail dovecot/imap-login: Login: user=<anna>") == nil)
        #expect(read("Dez  3 10:15:30 mail postfix/qmgr[900]: 4F1A2B3C4D: removed") == nil)
        #expect(read("Dec 32 10:15:30 mail postfix/qmgr[900]: 4F1A2B3C4D: removed") == nil)
        #expect(read("2026-13-03T10:18:00Z mail postfix/qmgr[900]: 4F1A2B3C4D: removed") == nil)
        #expect(read("") == nil)
    }

    @Test("Queue IDs: short hexadecimal and long ones; words that are neither")
    func queueIDs() {
        func check(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes { QueueID.isQueueID($0, 0..<text.utf8.count) } }
        #expect(check("4F1A2B3C4D") && check("ABCDEF") && check("3xYzKq0bCdz9vQm"))
        #expect(!check("NOQUEUE") && !check("warning") && !check("4f1a2b3c4d") && !check("ABC"))
    }

    @Test("Years for yearless times: across New Year in one log, and a December log read in January")
    func years() {
        var rotated = SyslogYear(referenceYear: 2027, month: 1, day: 2)
        #expect([(12, 31), (12, 31), (1, 1), (1, 2)].map { rotated.year(month: $0.0, day: $0.1) } == [2026, 2026, 2027, 2027])
        var current = SyslogYear(referenceYear: 2026, month: 12, day: 3)
        #expect(current.year(month: 11, day: 30) == 2026 && current.year(month: 12, day: 3) == 2026)
        // 3 December 2026, 10:15:30 at UTC+1 (Berlin in winter) is 09:15:30 UTC.
        #expect(
            SyslogTime.milliseconds(year: 2026, month: 12, day: 3, secondOfDay: 36_930, utcOffsetSeconds: 3600) == 1_796_289_330_000)
    }
}
