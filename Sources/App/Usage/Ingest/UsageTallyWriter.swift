import Domain
import Fluent
import Foundation
import LogFormats
import SQLKit
import UsageCounting

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
