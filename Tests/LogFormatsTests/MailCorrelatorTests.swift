import Testing

@testable import LogFormats

@Suite("Messages followed through a Postfix log by queue ID")
struct MailCorrelatorTests {
    /// Feeds the lines in order and returns the messages completed, in order.
    func follow(_ lines: [String], _ correlator: inout MailCorrelator) -> [MailMessage] {
        var done: [MailMessage] = []
        for text in lines {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { line in
                if let parsed = PostfixLog.parse(line), let message = correlator.add(parsed, in: line) { done.append(message) }
            }
        }
        return done
    }

    let start = SyslogTime.yearless(month: 12, day: 3, secondOfDay: 36_930)

    @Test("A message to two recipients, one through an alias and one deferred then sent, completes at its removal")
    func twoRecipients() {
        var correlator = MailCorrelator()
        let done = follow(
            [
                "Dec  3 10:15:30 mail postfix/smtpd[1234]: 4F1A2B3C4D: client=unknown[192.0.2.10]",
                "Dec  3 10:15:30 mail postfix/cleanup[1240]: 4F1A2B3C4D: message-id=<20261203.ABC@example.ee>",
                "Dec  3 10:15:30 mail postfix/qmgr[900]: 4F1A2B3C4D: from=<anna@example.ee>, size=20480, nrcpt=2 (queue active)",
                "Dec  3 10:15:31 mail postfix/lmtp[1251]: 4F1A2B3C4D: to=<carl@example.ee>, orig_to=<sales@example.ee>, relay=local, dsn=2.0.0, status=sent (250 Saved)",
                "Dec  3 10:15:31 mail postfix/smtp[1250]: 4F1A2B3C4D: to=<bob@gmail.com>, relay=none, delay=1, dsn=4.4.1, status=deferred (connection refused)",
                "Dec  3 10:16:00 mail postfix/smtpd[1234]: NOQUEUE: reject: RCPT from unknown[198.51.100.7]: 554 5.7.1 Relay access denied",
                "Dec  3 10:25:31 mail postfix/smtp[1250]: 4F1A2B3C4D: to=<bob@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.1]:25, dsn=2.0.0, status=sent (250 OK)",
                "Dec  3 10:25:31 mail postfix/qmgr[900]: 4F1A2B3C4D: removed",
            ], &correlator)
        #expect(
            done == [
                MailMessage(
                    instance: "postfix", queueID: "4F1A2B3C4D", time: start, sender: "anna@example.ee", size: 20480,
                    recipients: [
                        .init(address: "carl@example.ee", original: "sales@example.ee", status: .sent),
                        .init(address: "bob@gmail.com", original: nil, status: .sent),
                    ])
            ])
        #expect(correlator.pending.isEmpty)
    }

    @Test("A short queue ID used again closes the earlier message whose removal was lost; instances keep their own IDs")
    func reuseAndInstances() {
        var correlator = MailCorrelator()
        let done = follow(
            [
                "Dec  3 10:00:00 mail postfix/pickup[1300]: 5A6B7C8D9E: uid=1000 from=<backup@server.example.ee>",
                "Dec  3 10:00:00 mail postfix/qmgr[900]: 5A6B7C8D9E: from=<backup@server.example.ee>, size=3000, nrcpt=1 (queue active)",
                "Dec  3 10:00:00 mail postfix-out/qmgr[901]: 5A6B7C8D9E: from=<relay@example.ee>, size=10, nrcpt=1 (queue active)",
                "Dec  3 10:00:01 mail postfix/local[1400]: 5A6B7C8D9E: to=<root@server.example.ee>, relay=local, status=sent (delivered to mailbox)",
                "Dec  3 18:00:00 mail postfix/smtpd[1234]: 5A6B7C8D9E: client=unknown[192.0.2.11]",
                "Dec  3 18:00:00 mail postfix/qmgr[900]: 5A6B7C8D9E: from=<other@example.ee>, size=99, nrcpt=1 (queue active)",
            ], &correlator)
        #expect(done.map(\.sender) == ["backup@server.example.ee"] && done.first?.recipients.first?.status == .sent)
        #expect(
            Set(correlator.pending.map { "\($0.instance) \($0.sender ?? "")" }) == [
                "postfix other@example.ee", "postfix-out relay@example.ee",
            ])
    }

    @Test("Expiry is kept with the message; a checkpoint's open messages resume in a new correlator")
    func expiryAndResume() {
        var first = MailCorrelator()
        _ = follow(
            [
                "Dec  3 10:00:00 mail postfix/qmgr[900]: 4F1A2B3C50: from=<anna@example.ee>, size=500, nrcpt=1 (queue active)",
                "Dec  3 10:00:01 mail postfix/smtp[1250]: 4F1A2B3C50: to=<x@firma.de>, relay=none, dsn=4.4.1, status=deferred (refused)",
            ], &first)
        var second = MailCorrelator()
        second.resume(first.pending)
        let done = follow(
            [
                "Dec  8 10:00:02 mail postfix/qmgr[900]: 4F1A2B3C50: from=<anna@example.ee>, status=expired, returned to sender",
                "Dec  8 10:00:02 mail postfix/qmgr[900]: 4F1A2B3C50: removed",
            ], &second)
        #expect(done.count == 1 && done[0].expired && done[0].size == 500 && done[0].recipients.map(\.status) == [.deferred])
    }
}
