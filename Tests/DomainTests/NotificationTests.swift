import Foundation
import Testing

@testable import Domain

@Suite("E-mail messages, SMTP replies, webhook bodies and reminder lead times")
struct NotificationTests {
    let date = Date(timeIntervalSince1970: 1_796_169_199)  // 2026-12-01 23:53:19 UTC, a Tuesday

    @Test("A message renders with RFC 5322 headers, an English UTC date and a base64 body in lines of at most 76")
    func rendering() throws {
        let message = MailMessage(
            fromAddress: "it@example.ee", fromName: "IT \"desk\"", to: ["kadri@example.ee", "mart@example.ee"], subject: "Deadlines",
            body: String(repeating: "Line one.\n.dot line\n", count: 20))
        let text = message.rendered(date: date, messageID: "abc@example.ee")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.contains("Date: Tue, 01 Dec 2026 23:53:19 +0000"))
        #expect(lines.contains("From: \"IT \\\"desk\\\"\" <it@example.ee>"))
        #expect(lines.contains("To: kadri@example.ee, mart@example.ee"))
        #expect(lines.contains("Subject: Deadlines"))
        #expect(lines.contains("Message-ID: <abc@example.ee>"))
        #expect(lines.contains("Content-Transfer-Encoding: base64"))
        let blank = try #require(lines.firstIndex(of: ""))
        let bodyLines = lines[(blank + 1)...].filter { !$0.isEmpty }
        #expect(bodyLines.allSatisfy { $0.count <= 76 })
        let decoded = try #require(Data(base64Encoded: bodyLines.joined()))
        #expect(String(decoding: decoded, as: UTF8.self) == message.body.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(!text.contains("\n\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
    }

    @Test("Non-ASCII subjects and names become UTF-8 encoded words under 76 characters that decode to the text")
    func encodedWords() throws {
        let subject = "Tähtajad: lepingu etteteatamine ja garantii lõpp – Öökull, Ärireis, Üürileping, Šveits, Žürii, € 1 200"
        let encoded = MailMessage.encodedHeader(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = Data()
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(data: payload, encoding: .utf8) != nil, "no character is split between words")
            decoded.append(payload)
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        #expect(MailMessage.encodedHeader("Plain\r\nsubject") == "Plain  subject", "a header cannot be split into two")
        let rendered = MailMessage(fromAddress: "it@example.se", fromName: "Åsa Öberg", to: ["a@example.se"], subject: "x", body: "")
            .rendered(date: date, messageID: "m@example.se")
        #expect(rendered.contains("From: =?UTF-8?B?w4VzYSDDlmJlcmc=?= <it@example.se>"))
    }

    @Test("Addresses may be separated by commas, semicolons, spaces or lines")
    func addressLists() {
        #expect(MailMessage.addresses(" a@x.ee, b@x.ee;c@x.ee\nd@x.ee  ") == ["a@x.ee", "b@x.ee", "c@x.ee", "d@x.ee"])
        #expect(MailMessage.addresses(" ,; ") == [])
    }

    @Test("SMTP replies: multi-line replies end at the line with a space, EHLO extensions are read, bad lines are refused")
    func replies() throws {
        var reader = SMTPReplyReader()
        #expect(try reader.read("250-mail.example.ee Hello") == nil)
        #expect(try reader.read("250-SIZE 33554432") == nil)
        #expect(try reader.read("250-STARTTLS") == nil)
        #expect(try reader.read("250-auth PLAIN LOGIN") == nil)
        let reply = try #require(try reader.read("250 HELP"))
        #expect(reply.code == 250 && reply.isPositive)
        #expect(reply.extensions["STARTTLS"] == [])
        #expect(reply.extensions["AUTH"] == ["PLAIN", "LOGIN"])
        #expect(reply.extensions["SIZE"] == ["33554432"])
        #expect(reply.extensions["MAIL.EXAMPLE.EE"] == nil, "the greeting line is not an extension")
        #expect(try reader.read("354") == SMTPReply(code: 354, lines: [""]))
        let refusal = try #require(try reader.read("535 5.7.8 Authentication credentials invalid"))
        #expect(!refusal.isPositive && refusal.text == "535 5.7.8 Authentication credentials invalid")
        for bad in ["", "25", "abc def", "250x", "999 no", "100 too low"] {
            #expect(throws: SMTPReplyReader.Malformed.self) { try reader.read(bad) }
        }
        var mixed = SMTPReplyReader()
        _ = try mixed.read("250-first")
        #expect(throws: SMTPReplyReader.Malformed.self) { try mixed.read("251 second") }
    }

    @Test("Dot-stuffing doubles every leading dot and ends the data with CRLF; AUTH PLAIN is NUL user NUL password")
    func dotStuffing() {
        #expect(SMTPProtocol.dotStuffed(".a\r\nb\r\n.\r\n..c") == "..a\r\nb\r\n..\r\n...c\r\n")
        #expect(SMTPProtocol.dotStuffed("a\r\n") == "a\r\n")
        #expect(SMTPProtocol.plainCredentials(username: "qm", password: "pässword") == "AHFtAHDDpHNzd29yZA==")
    }

    func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("Webhook bodies: generic JSON, Slack mrkdwn with escaping, Mattermost markdown and a Teams adaptive card")
    func webhookBodies() throws {
        let args = (title: "2 deadlines <soon>", text: "Support & care: 14 days", link: "https://qm.example.ee/deadlines")
        func body(_ format: WebhookFormat, link: String? = args.link) throws -> [String: Any] {
            try json(format.body(topic: "deadlines", title: args.title, text: args.text, link: link, sentAt: date))
        }
        let generic = try body(.generic)
        #expect(generic["topic"] as? String == "deadlines")
        #expect(generic["title"] as? String == args.title && generic["text"] as? String == args.text)
        #expect(generic["link"] as? String == args.link && generic["sentAt"] as? String == "2026-12-01T23:53:19Z")
        #expect(
            try body(.slack)["text"] as? String
                == "*2 deadlines &lt;soon&gt;*\nSupport &amp; care: 14 days\n<https://qm.example.ee/deadlines|2 deadlines &lt;soon&gt;>")
        #expect(try body(.slack, link: nil)["text"] as? String == "*2 deadlines &lt;soon&gt;*\nSupport &amp; care: 14 days")
        #expect(
            try body(.mattermost)["text"] as? String
                == "#### 2 deadlines <soon>\nSupport & care: 14 days\n[2 deadlines <soon>](https://qm.example.ee/deadlines)")
        let teams = try body(.teams)
        #expect(teams["type"] as? String == "message")
        let attachment = try #require((teams["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        #expect(card["type"] as? String == "AdaptiveCard" && card["$schema"] != nil)
        let texts = (card["body"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
        #expect(texts == [args.title, args.text])
        #expect((card["actions"] as? [[String: Any]])?.first?["url"] as? String == args.link)
    }

    @Test("A failed delivery is tried again after 1, 2, 4 … minutes up to an hour, and given up after the tenth attempt")
    func retries() {
        let retry = DeliveryRetry.standard
        #expect(retry.nextAttempt(afterFailures: 1, at: date) == date.addingTimeInterval(60))
        #expect(retry.nextAttempt(afterFailures: 3, at: date) == date.addingTimeInterval(240))
        #expect(retry.nextAttempt(afterFailures: 9, at: date) == date.addingTimeInterval(3600))
        #expect(retry.nextAttempt(afterFailures: 10, at: date) == nil)
    }

    @Test("Lead times: one reminder per lead time crossed, past deadlines within the shortest, bad lists refused")
    func leadTimes() throws {
        let leads = try #require(ReminderLeadTimes("7, 60 30,30"))
        #expect(leads.days == [60, 30, 7] && leads.description == "60, 30, 7" && leads.longest == 60)
        #expect(leads.reminder(daysLeft: 61) == nil)
        #expect(leads.reminder(daysLeft: 60) == 60)
        #expect(leads.reminder(daysLeft: 31) == 60)
        #expect(leads.reminder(daysLeft: 30) == 30)
        #expect(leads.reminder(daysLeft: 8) == 30)
        #expect(leads.reminder(daysLeft: 0) == 7)
        #expect(leads.reminder(daysLeft: -5) == 7)
        #expect(ReminderLeadTimes("0")?.reminder(daysLeft: 1) == nil)
        for bad in ["", " , ", "30, soon", "-1", "367", "7.5"] { #expect(ReminderLeadTimes(bad) == nil, "\(bad)") }
        #expect(ReminderLeadTimes.standard.days == [30, 7])
    }
}
