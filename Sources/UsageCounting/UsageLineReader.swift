import Domain
import Foundation
import LogFormats

/// Turns log lines into tally counts: parses, attributes, and adds up, without a `String` per line — user names, client
/// addresses and hosts are numbered on first sight (`ByteInterner`) and worked out once. Mail is counted per message,
/// when Postfix removes it from the queue.
package struct UsageLineReader: Sendable {
    package enum Outcome {
        case counted
        /// Another program's line in a mail log, or a type the organisation does not collect.
        case ignored
        /// Older than the retention.
        case tooOld
        case malformed
    }

    /// How much of a malformed line is kept as a sample.
    package static let sampleLength = 300

    package let format: UsageLogFormat
    package let policy: UsagePolicy
    package let switches: UsageSwitches
    package let attribution: UsageAttribution
    package private(set) var domains: DomainBook
    package var correlator = MailCorrelator()
    private var clock: LocalDayClock
    private let oldestDay: Int
    private var tally = UsageTally()
    private var users = ByteInterner(capacity: 1024)
    private var userPeople: [Int32] = []
    private var clients = ByteInterner(capacity: 1024)
    private var clientAttributions: [UsageAttribution.Client] = []
    private var years: SyslogYear?
    private var zoneOffsets: [Int: Int] = [:]
    private var latestMail = Int64.min

    package init(
        format: UsageLogFormat, policy: UsagePolicy, attribution: UsageAttribution, suffixes: PublicSuffixList, timeZone: TimeZone,
        oldestDay: Int
    ) {
        self.format = format
        self.policy = policy
        self.switches = policy.switches.effective
        self.attribution = attribution
        self.domains = DomainBook(suffixes: suffixes)
        self.clock = LocalDayClock(timeZone: timeZone)
        self.oldestDay = oldestDay
    }

    /// The counts since the last call, with mail messages still open a week after they began closed and counted.
    package mutating func takeTally() -> UsageTally {
        if latestMail > .min { correlator.closeStale(before: latestMail - 7 * 86_400_000).forEach { count($0) } }
        defer { tally = UsageTally() }
        return tally
    }

    /// What reading a run of lines came to.
    package struct Outcomes: Sendable {
        package var lines: Int64 = 0
        package var ignored: Int64 = 0
        package var tooOld: Int64 = 0
        package var malformed: Int64 = 0
        /// The first malformed lines, as many as were asked for.
        package var samples: [String] = []

        package init(lines: Int64 = 0, ignored: Int64 = 0, tooOld: Int64 = 0, malformed: Int64 = 0, samples: [String] = []) {
            (self.lines, self.ignored, self.tooOld, self.malformed, self.samples) = (lines, ignored, tooOld, malformed, samples)
        }

        package mutating func add(_ outcome: Outcome) {
            lines += 1
            switch outcome {
            case .counted: break
            case .ignored: ignored += 1
            case .tooOld: tooOld += 1
            case .malformed: malformed += 1
            }
        }
    }

    /// Reads every line of `bytes`, which holds whole lines, each ending in a line feed.
    package mutating func read(lines bytes: UnsafeRawBufferPointer, samples wanted: Int) -> Outcomes {
        var outcomes = Outcomes()
        guard var cursor = bytes.baseAddress else { return outcomes }
        let end = cursor + bytes.count
        while cursor < end, let newline = memchr(cursor, 0x0A, cursor.distance(to: end)) {
            let line = UnsafeRawBufferPointer(start: cursor, count: cursor.distance(to: UnsafeRawPointer(newline)))
            let outcome = read(line)
            outcomes.add(outcome)
            if outcome == .malformed, outcomes.samples.count < wanted {
                outcomes.samples.append(String(decoding: line.prefix(Self.sampleLength), as: UTF8.self))
            }
            cursor = UnsafeRawPointer(newline) + 1
        }
        return outcomes
    }

    /// Adds what another reader of the same log counted (its tally, its domains by name) to this one's tally.
    package mutating func add(_ other: UsageTally, domains names: [String]) {
        tally.add(other, domains: names.map { domains.number(ofDomain: $0) })
    }

    /// Yearless syslog times take their year from the day the log was last written (its file's change time).
    package mutating func setReferenceDate(_ date: Date) {
        let day = CalendarDate(date, in: clock.timeZone)
        years = SyslogYear(referenceYear: day.year, month: day.month, day: day.day)
    }

    package mutating func read(_ line: UnsafeRawBufferPointer) -> Outcome {
        switch format {
        case .squid:
            guard let parsed = SquidLog.parse(line) else { return .malformed }
            // A 407 names the user the browser claimed, not one the proxy verified: attributed by address instead.
            return request(
                line, time: parsed.time, client: parsed.client, user: parsed.status == 407 ? nil : parsed.user, host: parsed.host,
                bytes: parsed.bytes, denied: parsed.denied)
        case .combined:
            guard let parsed = CombinedLog.parse(line) else { return .malformed }
            return request(
                line, time: parsed.time, client: parsed.client, user: parsed.status == 407 ? nil : parsed.user, host: parsed.host,
                bytes: parsed.bytes, denied: parsed.status == 403 || parsed.status == 407)
        case .postfix:
            guard var parsed = PostfixLog.parse(line) else { return PostfixLog.isSyslogLine(line) ? .ignored : .malformed }
            guard switches.mail else { return .ignored }
            if case .yearless(let month, let day, let second) = parsed.time {
                if years == nil { setReferenceDate(Date()) }
                let year = years!.year(month: month, day: day)
                parsed.time = .instant(
                    SyslogTime.milliseconds(
                        year: year, month: month, day: day, secondOfDay: second,
                        utcOffsetSeconds: offset(year: year, month: month, day: day)))
            }
            if case .instant(let milliseconds) = parsed.time { latestMail = max(latestMail, milliseconds) }
            if let message = correlator.add(parsed, in: line) { count(message) }
            if !correlator.spilled.isEmpty { correlator.takeSpilled().forEach { count($0) } }
            return .counted
        }
    }

    private mutating func request(
        _ line: UnsafeRawBufferPointer, time: Int64, client: Range<Int>, user: Range<Int>?, host: Range<Int>, bytes: Int64, denied: Bool
    ) -> Outcome {
        // Squid's own lines for connections that never made a request (`NONE_NONE/000 … error:…`) are no use.
        guard switches.web, !host.isEmpty else { return .ignored }
        let (day, hour) = clock.dayAndHour(time)
        guard day >= oldestDay else { return .tooOld }
        var subject = -1
        if let user {
            let (number, isNew) = users.intern(UnsafeRawBufferPointer(rebasing: line[user]))
            if isNew { userPeople.append(Int32(attribution.person(account: LogText.percentDecoded(line, user)) ?? -1)) }
            subject = Int(userPeople[number])
        }
        if subject < 0 {
            let (number, isNew) = clients.intern(UnsafeRawBufferPointer(rebasing: line[client]))
            if isNew { clientAttributions.append(attribution.client(LogText.string(line, client))) }
            subject = clientAttributions[number].subject(at: time)
        }
        let domain =
            switches.webDomains && !host.isEmpty
            ? domains.domain(ofHost: UnsafeRawBufferPointer(rebasing: line[Self.withoutPort(line, host)])) : 0
        tally.addRequest(day: day, hour: hour, subject: subject, domain: domain, bytes: bytes, denied: denied, hours: switches.webHours)
        return .counted
    }

    /// `host:port` (a CONNECT) without its port; `[2001:db8::1]:443` without brackets and port.
    package static func withoutPort(_ line: UnsafeRawBufferPointer, _ host: Range<Int>) -> Range<Int> {
        var colon = -1
        var index = host.lowerBound
        if line[index] == UInt8(ascii: "[") {
            while index < host.upperBound, line[index] != UInt8(ascii: "]") { index += 1 }
            return index < host.upperBound ? (host.lowerBound + 1)..<index : host
        }
        while index < host.upperBound {
            if line[index] == UInt8(ascii: ":") {
                // A second colon: an IPv6 address without brackets, which has no port.
                if colon >= 0 { return host }
                colon = index
            }
            index += 1
        }
        return colon >= 0 ? host.lowerBound..<colon : host
    }

    /// The zone's offset from UTC on a local day, for yearless syslog times (written in the server's local time, which
    /// is taken to be the organisation's).
    private mutating func offset(year: Int, month: Int, day: Int) -> Int {
        let key = year * 10_000 + month * 100 + day
        if let known = zoneOffsets[key] { return known }
        let noon = Double(CalendarDate(year: year, month: month, day: day)?.daysSince1970 ?? 0) * 86400 + 43200
        let offset = clock.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: noon))
        zoneOffsets[key] = offset
        return offset
    }

    /// One message, counted for its sender (if the organisation's) and for each of the organisation's recipients it
    /// reached.
    private mutating func count(_ message: LogFormats.MailMessage) {
        guard case .instant(let milliseconds) = message.time else { return }
        let (day, _) = clock.dayAndHour(milliseconds)
        guard day >= oldestDay else { return }
        let size = max(0, message.size ?? 0)
        // A requeued message was counted as sent under its old queue ID.
        if message.requeuedFrom == nil, let sender = message.sender, !sender.isEmpty, attribution.isInternal(mailbox: sender) {
            let subject = attribution.person(mailbox: sender) ?? attribution.unknownSubject(site: nil)
            let inside = Int64(message.recipients.filter { attribution.isInternal(mailbox: $0.original ?? $0.address) }.count)
            let large = size >= policy.largeMailBytes
            let toFreeMail = large && message.recipients.contains { FreeMail.isFreeMail($0.address) }
            tally.addMail(day: day, subject: subject) { counts in
                counts.sent += 1
                counts.sentBytes += size
                counts.internalRecipients += inside
                counts.externalRecipients += Int64(message.recipients.count) - inside
                counts.largestBytes = max(counts.largestBytes, size)
                if large { counts.largeMessages += 1 }
                if toFreeMail { counts.largeToFreeMail += 1 }
            }
        }
        for recipient in message.recipients where recipient.status == .sent {
            let address = recipient.original ?? recipient.address
            guard attribution.isInternal(mailbox: address) else { continue }
            let subject =
                attribution.person(mailbox: address) ?? attribution.person(mailbox: recipient.address)
                ?? attribution.unknownSubject(site: nil)
            tally.addMail(day: day, subject: subject) { counts in
                counts.received += 1
                counts.receivedBytes += size
            }
        }
    }
}
