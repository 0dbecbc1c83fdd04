import Domain
import Foundation
import LogFormats
import Testing
import UsageCounting

/// The ingest's counting without a database: real Squid and Postfix lines in, a tally out.
@Suite("Counting usage from log lines")
struct UsageLineReaderTests {
    static let kadri = UUID()
    static let office = UUID()

    /// Kadri, known by her work address; an office whose prefix holds 10.1.0.0/16.
    static func attribution() -> UsageAttribution {
        var attribution = UsageAttribution()
        _ = attribution.addPerson(
            .init(id: kadri, departmentID: nil, siteID: office), employeeNumber: "E-1", workEmail: "kadri@example.ee", signInEmail: nil)
        attribution.addPrefix(IPPrefix("10.1.0.0/16")!, site: office)
        attribution.finish()
        return attribution
    }

    static func reader(_ format: UsageLogFormat, switches: UsageSwitches) -> UsageLineReader {
        UsageLineReader(
            format: format, policy: UsagePolicy(switches: switches, retentionDays: 396), attribution: attribution(),
            suffixes: PublicSuffixList(text: "ee\ncom.ee\ncom\n"), timeZone: TimeZone(identifier: "Europe/Tallinn")!, oldestDay: 0)
    }

    static func lines(_ text: String, into reader: inout UsageLineReader) -> UsageLineReader.Outcomes {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { reader.read(lines: UnsafeRawBufferPointer($0), samples: 5) }
    }

    @Test("A proxy user name is a person; an unnamed address is the unknown of its site; domains are registrable")
    func attributesWebRequests() {
        var reader = Self.reader(.squid, switches: UsageSwitches(web: true, webDomains: true))
        let outcomes = Self.lines(
            """
            1796297219.408     62 10.1.2.3 TCP_MISS/200 1145 GET http://www.news.com.ee/a kadri HIER_DIRECT/1.2.3.4 text/html
            1796297220.408     12 10.1.2.4 TCP_MISS/200 500 GET http://shop.example.com/b - HIER_DIRECT/1.2.3.5 text/html
            1796297221.408     10 10.1.2.3 TCP_DENIED/403 100 CONNECT mail.news.com.ee:443 KADRI@REALM HIER_NONE/- -
            this is not a squid line

            """, into: &reader)
        #expect(outcomes.lines == 4 && outcomes.malformed == 1 && outcomes.samples == ["this is not a squid line"])
        let tally = reader.takeTally()
        let rows = tally.webDays.entries.map {
            (subject: Int($0.key.subject), domain: reader.domains.domains[Int($0.key.domain)], $0.value)
        }
        let kadri = rows.filter { $0.subject == 0 }
        #expect(kadri.map(\.domain) == ["news.com.ee"])
        #expect(kadri.first?.2.requests == 2 && kadri.first?.2.denied == 1 && kadri.first?.2.bytes == 1245)
        // Subject 1 + 1: the unknown at the office (site 1; 0 is "no site").
        let unknown = Self.attribution().unknownSubject(site: Self.office)
        #expect(rows.filter { $0.subject == unknown }.map(\.domain) == ["example.com"])
        #expect(tally.webHours.isEmpty, "hours are not collected")
    }

    @Test("A name two people share names neither")
    func ambiguousNamesNameNobody() {
        var attribution = UsageAttribution()
        _ = attribution.addPerson(
            .init(id: UUID(), departmentID: nil, siteID: nil), employeeNumber: "1", workEmail: "mart@a.ee", signInEmail: nil)
        _ = attribution.addPerson(
            .init(id: UUID(), departmentID: nil, siteID: nil), employeeNumber: "2", workEmail: "mart@b.ee", signInEmail: nil)
        attribution.finish()
        #expect(attribution.person(account: "mart") == nil)
        #expect(attribution.person(account: "mart@b.ee") == 1)
        #expect(attribution.person(account: "DOMAIN\\2") == 1)
        #expect(attribution.isInternal(mailbox: "someone@a.ee") && !attribution.isInternal(mailbox: "x@gmail.com"))
    }

    @Test("Mail is counted per message when Postfix removes it, for the sender and each internal recipient")
    func countsMail() {
        var reader = Self.reader(.postfix, switches: UsageSwitches(mail: true))
        reader.setReferenceDate(Date(timeIntervalSince1970: 1_796_297_219))
        let outcomes = Self.lines(
            """
            Dec  1 10:00:00 mx postfix/qmgr[1]: 4F1A2B3C4D: from=<kadri@example.ee>, size=2048, nrcpt=2 (queue active)
            Dec  1 10:00:01 mx postfix/smtp[2]: 4F1A2B3C4D: to=<friend@gmail.com>, relay=gmail[1.2.3.4]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)
            Dec  1 10:00:01 mx postfix/local[3]: 4F1A2B3C4D: to=<kadri@example.ee>, relay=local, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (delivered)
            Dec  1 10:00:02 mx postfix/qmgr[1]: 4F1A2B3C4D: removed
            Dec  1 10:00:02 mx sshd[9]: Accepted publickey for root

            """, into: &reader)
        #expect(outcomes.lines == 5 && outcomes.ignored == 1 && outcomes.malformed == 0)
        let mail = reader.takeTally().mailDays.entries.filter { $0.key.subject == 0 }.map(\.value)
        #expect(mail.count == 1)
        #expect(mail.first?.sent == 1 && mail.first?.received == 1 && mail.first?.sentBytes == 2048)
        #expect(mail.first?.internalRecipients == 1 && mail.first?.externalRecipients == 1)
    }
}
