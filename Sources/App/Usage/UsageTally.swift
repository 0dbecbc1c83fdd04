import Domain
import Fluent
import Foundation
import LogFormats
import SQLKit

/// Usage counted in memory between two checkpoints: per day × subject × domain, per day × subject × hour, and mail per
/// day × subject. Subjects and domains are numbers here (`UsageAttribution`, `DomainBook`); pseudonyms are made only
/// when the tally is stored, once per subject and key period.
struct UsageTally: Sendable {
    struct WebDay: TallyKey {
        let day: Int32
        let subject: Int32
        let domain: Int32

        var mixed: UInt64 {
            UInt64(UInt32(bitPattern: day)) << 42 ^ UInt64(UInt32(bitPattern: subject)) << 21 ^ UInt64(UInt32(bitPattern: domain))
        }
    }

    struct WebHour: TallyKey {
        let day: Int32
        let subject: Int32
        let hour: Int32

        var mixed: UInt64 {
            UInt64(UInt32(bitPattern: day)) << 42 ^ UInt64(UInt32(bitPattern: subject)) << 5 ^ UInt64(UInt32(bitPattern: hour))
        }
    }

    struct MailDay: TallyKey {
        let day: Int32
        let subject: Int32

        var mixed: UInt64 { UInt64(UInt32(bitPattern: day)) << 32 ^ UInt64(UInt32(bitPattern: subject)) }
    }

    struct WebCounts: Sendable {
        var requests: Int64 = 0
        var bytes: Int64 = 0
        var denied: Int64 = 0
    }

    struct MailCounts: Sendable {
        var sent: Int64 = 0
        var received: Int64 = 0
        var sentBytes: Int64 = 0
        var receivedBytes: Int64 = 0
        var internalRecipients: Int64 = 0
        var externalRecipients: Int64 = 0
        var largestBytes: Int64 = 0
        var largeMessages: Int64 = 0
        var largeToFreeMail: Int64 = 0
    }

    var webDays = CountTable<WebDay, WebCounts>()
    var webHours = CountTable<WebHour, WebCounts>()
    var mailDays = CountTable<MailDay, MailCounts>()

    var isEmpty: Bool { webDays.isEmpty && webHours.isEmpty && mailDays.isEmpty }

    /// One proxy request. `domain` is 0 (no domain) when domains are not collected; hours only when they are.
    mutating func addRequest(day: Int, hour: Int, subject: Int, domain: Int, bytes: Int64, denied: Bool, hours: Bool) {
        webDays.update(WebDay(day: Int32(day), subject: Int32(subject), domain: Int32(domain)), default: WebCounts()) {
            $0.add(bytes: bytes, denied: denied)
        }
        if hours {
            webHours.update(WebHour(day: Int32(day), subject: Int32(subject), hour: Int32(hour)), default: WebCounts()) {
                $0.add(bytes: bytes, denied: denied)
            }
        }
    }

    mutating func addMail(day: Int, subject: Int, _ change: (inout MailCounts) -> Void) {
        mailDays.update(MailDay(day: Int32(day), subject: Int32(subject)), default: MailCounts(), change)
    }

    /// Adds another tally's counts; its domain numbers become `domains[number]` in this one.
    mutating func add(_ other: UsageTally, domains: [Int]) {
        for (key, counts) in other.webDays.entries {
            webDays.update(WebDay(day: key.day, subject: key.subject, domain: Int32(domains[Int(key.domain)])), default: WebCounts()) {
                $0.add(counts)
            }
        }
        for (key, counts) in other.webHours.entries {
            webHours.update(key, default: WebCounts()) { $0.add(counts) }
        }
        for (key, counts) in other.mailDays.entries {
            mailDays.update(key, default: MailCounts()) { $0.add(counts) }
        }
    }
}

/// A tally's key: a few small numbers, equal when they are, with their bits laid side by side for hashing.
protocol TallyKey: Equatable, Sendable {
    var mixed: UInt64 { get }
}

/// Counts by key, for the one or two additions every log line makes: open addressing with Fibonacci hashing of the
/// key's own bits, where a `Dictionary` runs a keyed SipHash for every line. A slot holds its entry's index and a few
/// bits of its hash, so a probe past other keys rarely touches their entries; a key and its counts sit side by side.
/// Entries stay in the order they came.
struct CountTable<Key: TallyKey, Value: Sendable>: Sendable {
    private(set) var entries: [(key: Key, value: Value)] = []
    /// Per slot: the entry's index + 1 in the low 32 bits (0: empty), the hash's top 32 bits above.
    private var slots = [UInt64](repeating: 0, count: 64)
    private var shift: UInt64 = 58

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    mutating func update(_ key: Key, default: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        let mask = slots.count - 1
        let hash = key.mixed &* 0x9E37_79B9_7F4A_7C15
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash >> shift)
        while true {
            let content = slots[slot]
            if content == 0 { break }
            if content & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = Int(truncatingIfNeeded: content & 0xFFFF_FFFF) - 1
                if entries[entry].key == key {
                    change(&entries[entry].value)
                    return
                }
            }
            slot = (slot + 1) & mask
        }
        var value = `default`()
        change(&value)
        entries.append((key, value))
        slots[slot] = tag | UInt64(entries.count)
        if entries.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            let hash = entry.key.mixed &* 0x9E37_79B9_7F4A_7C15
            var slot = Int(truncatingIfNeeded: hash >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
        }
    }
}

extension UsageTally.WebCounts {
    mutating func add(bytes: Int64, denied: Bool) {
        requests += 1
        self.bytes += max(0, bytes)
        if denied { self.denied += 1 }
    }

    mutating func add(_ other: Self) {
        requests += other.requests
        bytes += other.bytes
        denied += other.denied
    }
}

extension UsageTally.MailCounts {
    mutating func add(_ other: Self) {
        sent += other.sent
        received += other.received
        sentBytes += other.sentBytes
        receivedBytes += other.receivedBytes
        internalRecipients += other.internalRecipients
        externalRecipients += other.externalRecipients
        largestBytes = max(largestBytes, other.largestBytes)
        largeMessages += other.largeMessages
        largeToFreeMail += other.largeToFreeMail
    }
}

/// Host names to registrable domains (eTLD+1 by the Public Suffix List), each worked out once. Domain 0 is "" (not
/// collected); an address or a name that is itself a public suffix stands for itself.
struct DomainBook: Sendable {
    private let suffixes: PublicSuffixList
    private var hosts = ByteInterner(capacity: 4096)
    private var domainOfHost: [Int32] = []
    private var domainNumbers: [String: Int] = ["": 0]
    private(set) var domains: [String] = [""]

    init(suffixes: PublicSuffixList) {
        self.suffixes = suffixes
    }

    mutating func domain(ofHost host: UnsafeRawBufferPointer) -> Int {
        let (number, isNew) = hosts.intern(host)
        if !isNew { return Int(domainOfHost[number]) }
        var name = String(decoding: host, as: UTF8.self).lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        let index = self.number(ofDomain: suffixes.registrableDomain(name) ?? name)
        domainOfHost.append(Int32(index))
        return index
    }

    /// The number of a registrable domain, given the next one when it is new.
    mutating func number(ofDomain domain: String) -> Int {
        if let known = domainNumbers[domain] { return known }
        domains.append(domain)
        domainNumbers[domain] = domains.count - 1
        return domains.count - 1
    }
}

/// Stores a tally: adds its counts to the aggregate rows (insert, or add to the row already there), pseudonymising
/// each subject under its day's key. Runs inside the checkpoint's write transaction. Rows go in the order of the tables'
/// keys (day, pseudonym, site, then domain or hour), so each batch walks the key index once from left to right instead
/// of jumping about it.
struct UsageTallyWriter {
    let attribution: UsageAttribution
    let domains: [String]
    var keys: PseudonymKeys
    let policy: UsagePolicy
    let now: Date

    init(attribution: UsageAttribution, domains: [String], keys: PseudonymKeys, policy: UsagePolicy, now: Date) {
        self.attribution = attribution
        self.domains = domains
        self.keys = keys
        self.policy = policy
        self.now = now
    }

    /// A subject on a day: its place in key order among the tally's subjects, and its first five columns (day,
    /// pseudonym or "unknown", site key, department, site) as JSON.
    private struct SubjectDay {
        var rank: UInt32
        let columns: JSONUpsert.Fragment
    }

    private mutating func subjectDays(of tally: UsageTally, on db: any Database) async throws -> [Int64: SubjectDay] {
        var pairs = Set<Int64>()
        for (key, _) in tally.webDays.entries { pairs.insert(Int64(key.day) << 32 | Int64(key.subject)) }
        for (key, _) in tally.webHours.entries { pairs.insert(Int64(key.day) << 32 | Int64(key.subject)) }
        for (key, _) in tally.mailDays.entries { pairs.insert(Int64(key.day) << 32 | Int64(key.subject)) }
        var pseudonyms: [Int64: String] = [:]
        var placements: [Int32: (siteKey: String, department: UUID?, site: UUID?)] = [:]
        var dayTexts: [Int32: String] = [:]
        var ordered: [(pair: Int64, sortText: [UInt8], columns: JSONUpsert.Fragment)] = []
        ordered.reserveCapacity(pairs.count)
        for pair in pairs {
            let (day, subject) = (Int32(truncatingIfNeeded: pair >> 32), Int32(truncatingIfNeeded: pair))
            var name = "unknown"
            if Int(subject) < attribution.people.count {
                let period = try await keys.ensurePeriod(of: Int(day), length: policy.retentionDays, now: now, on: db)
                let cacheKey = Int64(period) << 32 | Int64(subject)
                if let known = pseudonyms[cacheKey] {
                    name = known
                } else {
                    name = keys.pseudonym(of: attribution.people[Int(subject)].id, inPeriod: period)
                    pseudonyms[cacheKey] = name
                }
            }
            if placements[subject] == nil {
                let (department, site) = attribution.placement(ofSubject: Int(subject))
                placements[subject] = (site?.uuidString ?? "", department, site)
            }
            if dayTexts[day] == nil { dayTexts[day] = CalendarDate(daysSince1970: Int(day)).description }
            let (placement, dayText) = (placements[subject]!, dayTexts[day]!)
            ordered.append(
                (
                    pair, Array(dayText.utf8) + [0] + Array(name.utf8) + [0] + Array(placement.siteKey.utf8),
                    JSONUpsert.Fragment([
                        .text(dayText), .text(name), .text(placement.siteKey), .uuid(placement.department), .uuid(placement.site),
                    ])
                ))
        }
        ordered.sort { $0.sortText.lexicographicallyPrecedes($1.sortText) }
        var result: [Int64: SubjectDay] = [:]
        result.reserveCapacity(ordered.count)
        for (rank, entry) in ordered.enumerated() { result[entry.pair] = SubjectDay(rank: UInt32(rank), columns: entry.columns) }
        return result
    }

    static let webDays = JSONUpsert.Table(
        name: "usage_web_days",
        columns: [
            ("day", .text), ("subject", .text), ("site_key", .text), ("department_id", .uuid), ("site_id", .uuid), ("domain", .text),
            ("requests", .integer), ("bytes", .integer), ("denied", .integer),
        ], key: ["day", "subject", "site_key", "domain"], adding: ["requests", "bytes", "denied"])
    static let webHours = JSONUpsert.Table(
        name: "usage_web_hours",
        columns: [
            ("day", .text), ("subject", .text), ("site_key", .text), ("department_id", .uuid), ("site_id", .uuid), ("hour", .integer),
            ("requests", .integer), ("bytes", .integer),
        ], key: ["day", "subject", "site_key", "hour"], adding: ["requests", "bytes"])
    static let mailDays = JSONUpsert.Table(
        name: "usage_mail_days",
        columns: [
            ("day", .text), ("subject", .text), ("site_key", .text), ("department_id", .uuid), ("site_id", .uuid), ("sent", .integer),
            ("received", .integer), ("sent_bytes", .integer), ("received_bytes", .integer), ("internal_recipients", .integer),
            ("external_recipients", .integer), ("largest_bytes", .integer), ("large_messages", .integer), ("large_to_free_mail", .integer),
        ], key: ["day", "subject", "site_key"],
        adding: [
            "sent", "received", "sent_bytes", "received_bytes", "internal_recipients", "external_recipients", "large_messages",
            "large_to_free_mail",
        ], largest: ["largest_bytes"])

    mutating func write(_ tally: UsageTally, on db: any Database) async throws {
        let subjects = try await subjectDays(of: tally, on: db)
        func subject(_ day: Int32, _ subject: Int32) -> SubjectDay { subjects[Int64(day) << 32 | Int64(subject)]! }
        // Domains in byte order, as the index compares them.
        var domainRank = [UInt32](repeating: 0, count: domains.count)
        for (rank, index) in domains.indices.sorted(by: { domains[$0].utf8.lexicographicallyPrecedes(domains[$1].utf8) })
            .enumerated()
        {
            domainRank[index] = UInt32(rank)
        }

        var webDays = JSONUpsert.Rows(Self.webDays)
        for (key, counts) in Self.inOrder(
            tally.webDays, { UInt64(subject($0.day, $0.subject).rank) << 32 | UInt64(domainRank[Int($0.domain)]) })
        {
            webDays.append { row in
                row.add(subject(key.day, key.subject).columns)
                row.add(.text(domains[Int(key.domain)]))
                row.add(.integer(counts.requests))
                row.add(.integer(counts.bytes))
                row.add(.integer(counts.denied))
            }
        }
        try await JSONUpsert.store(webDays, on: db)
        var webHours = JSONUpsert.Rows(Self.webHours)
        for (key, counts) in Self.inOrder(tally.webHours, { UInt64(subject($0.day, $0.subject).rank) << 32 | UInt64($0.hour) }) {
            webHours.append { row in
                row.add(subject(key.day, key.subject).columns)
                row.add(.integer(Int64(key.hour)))
                row.add(.integer(counts.requests))
                row.add(.integer(counts.bytes))
            }
        }
        try await JSONUpsert.store(webHours, on: db)
        var mailDays = JSONUpsert.Rows(Self.mailDays)
        for (key, counts) in Self.inOrder(tally.mailDays, { UInt64(subject($0.day, $0.subject).rank) }) {
            mailDays.append { row in
                row.add(subject(key.day, key.subject).columns)
                for value in [
                    counts.sent, counts.received, counts.sentBytes, counts.receivedBytes, counts.internalRecipients,
                    counts.externalRecipients, counts.largestBytes, counts.largeMessages, counts.largeToFreeMail,
                ] {
                    row.add(.integer(value))
                }
            }
        }
        try await JSONUpsert.store(mailDays, on: db)
    }

    /// A tally's entries sorted by `order`, a number that follows the table's key.
    private static func inOrder<Key, Counts>(_ entries: CountTable<Key, Counts>, _ order: (Key) -> UInt64) -> [(key: Key, value: Counts)] {
        entries.entries.indices.map { (order(entries.entries[$0].key), $0) }.sorted { $0.0 < $1.0 }.map { entries.entries[$0.1] }
    }
}
