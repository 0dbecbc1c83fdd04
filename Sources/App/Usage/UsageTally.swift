import Domain
import Fluent
import Foundation
import LogFormats
import SQLKit

/// Usage counted in memory between two checkpoints: per day × subject × domain, per day × subject × hour, and mail per
/// day × subject. Subjects and domains are numbers here (`UsageAttribution`, `DomainBook`); pseudonyms are made only
/// when the tally is stored, once per subject and key period.
struct UsageTally: Sendable {
    struct WebDay: Hashable, Sendable {
        let day: Int32
        let subject: Int32
        let domain: Int32
    }

    struct WebHour: Hashable, Sendable {
        let day: Int32
        let subject: Int32
        let hour: Int32
    }

    struct MailDay: Hashable, Sendable {
        let day: Int32
        let subject: Int32
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

    var webDays: [WebDay: WebCounts] = [:]
    var webHours: [WebHour: WebCounts] = [:]
    var mailDays: [MailDay: MailCounts] = [:]

    var isEmpty: Bool { webDays.isEmpty && webHours.isEmpty && mailDays.isEmpty }

    /// One proxy request. `domain` is 0 (no domain) when domains are not collected; hours only when they are.
    mutating func addRequest(day: Int, hour: Int, subject: Int, domain: Int, bytes: Int64, denied: Bool, hours: Bool) {
        let key = WebDay(day: Int32(day), subject: Int32(subject), domain: Int32(domain))
        webDays[key, default: WebCounts()].add(bytes: bytes, denied: denied)
        if hours {
            webHours[WebHour(day: Int32(day), subject: Int32(subject), hour: Int32(hour)), default: WebCounts()].add(
                bytes: bytes, denied: denied)
        }
    }

    mutating func addMail(day: Int, subject: Int, _ change: (inout MailCounts) -> Void) {
        change(&mailDays[MailDay(day: Int32(day), subject: Int32(subject)), default: MailCounts()])
    }
}

extension UsageTally.WebCounts {
    mutating func add(bytes: Int64, denied: Bool) {
        requests += 1
        self.bytes += max(0, bytes)
        if denied { self.denied += 1 }
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
        let domain = suffixes.registrableDomain(name) ?? name
        let index: Int
        if let known = domainNumbers[domain] {
            index = known
        } else {
            index = domains.count
            domains.append(domain)
            domainNumbers[domain] = index
        }
        domainOfHost.append(Int32(index))
        return index
    }
}

/// Stores a tally: adds its counts to the aggregate rows (insert, or add to the row already there), pseudonymising
/// each subject under its day's key. Runs inside the checkpoint's write transaction.
struct UsageTallyWriter {
    let attribution: UsageAttribution
    let domains: [String]
    var keys: PseudonymKeys
    let policy: UsagePolicy
    let now: Date
    private var subjects: [Int64: String] = [:]
    private var dayTexts: [Int32: String] = [:]

    init(attribution: UsageAttribution, domains: [String], keys: PseudonymKeys, policy: UsagePolicy, now: Date) {
        self.attribution = attribution
        self.domains = domains
        self.keys = keys
        self.policy = policy
        self.now = now
    }

    /// A subject's text on a day: the person's pseudonym in that day's key period, or "unknown".
    private mutating func subject(_ subject: Int32, day: Int32, on db: any Database) async throws -> String {
        guard Int(subject) < attribution.people.count else { return "unknown" }
        let period = try await keys.ensurePeriod(of: Int(day), length: policy.retentionDays, now: now, on: db)
        let cacheKey = Int64(period) << 32 | Int64(subject)
        if let known = subjects[cacheKey] { return known }
        let text = keys.pseudonym(of: attribution.people[Int(subject)].id, inPeriod: period)
        subjects[cacheKey] = text
        return text
    }

    private func placement(_ subject: Int32) -> [JSONUpsert.Value] {
        let (department, site) = attribution.placement(ofSubject: Int(subject))
        return [.text(site?.uuidString ?? ""), .uuid(department), .uuid(site)]
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
        var webDays: [[JSONUpsert.Value]] = []
        webDays.reserveCapacity(tally.webDays.count)
        for (key, counts) in tally.webDays {
            webDays.append(
                [.text(day(key.day)), .text(try await subject(key.subject, day: key.day, on: db))] + placement(key.subject)
                    + [.text(domains[Int(key.domain)]), .integer(counts.requests), .integer(counts.bytes), .integer(counts.denied)])
        }
        try await JSONUpsert.rows(webDays, into: Self.webDays, on: db)
        var webHours: [[JSONUpsert.Value]] = []
        for (key, counts) in tally.webHours {
            webHours.append(
                [.text(day(key.day)), .text(try await subject(key.subject, day: key.day, on: db))] + placement(key.subject)
                    + [.integer(Int64(key.hour)), .integer(counts.requests), .integer(counts.bytes)])
        }
        try await JSONUpsert.rows(webHours, into: Self.webHours, on: db)
        var mailDays: [[JSONUpsert.Value]] = []
        for (key, counts) in tally.mailDays {
            mailDays.append(
                [.text(day(key.day)), .text(try await subject(key.subject, day: key.day, on: db))] + placement(key.subject)
                    + [
                        counts.sent, counts.received, counts.sentBytes, counts.receivedBytes, counts.internalRecipients,
                        counts.externalRecipients, counts.largestBytes, counts.largeMessages, counts.largeToFreeMail,
                    ].map { .integer($0) })
        }
        try await JSONUpsert.rows(mailDays, into: Self.mailDays, on: db)
    }

    private mutating func day(_ number: Int32) -> String {
        if let text = dayTexts[number] { return text }
        let text = CalendarDate(daysSince1970: Int(number)).description
        dayTexts[number] = text
        return text
    }
}
