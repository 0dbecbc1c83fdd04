import Domain
import Fluent
import Foundation
import SQLKit

/// The usage report of a period, at organisation level and by department or site — never by person. Groups with fewer
/// people than the minimum are folded into "other" (`GroupFolding`), and so are domains fewer people visited; when the
/// whole organisation has fewer, nothing but the fact is shown. Unattributed traffic is shown per site, as it names no one.
struct UsageReport: Sendable {
    enum Grouping: String, CaseIterable, Codable, Sendable {
        case department, site
    }

    struct Counts: Sendable, Equatable, Codable {
        var requests: Int64 = 0
        var bytes: Int64 = 0
        var denied: Int64 = 0
        var sent: Int64 = 0
        var received: Int64 = 0
        var internalRecipients: Int64 = 0
        var externalRecipients: Int64 = 0
        var largeMessages: Int64 = 0
        var largeToFreeMail: Int64 = 0

        static func + (lhs: Counts, rhs: Counts) -> Counts {
            Counts(
                requests: lhs.requests + rhs.requests, bytes: lhs.bytes + rhs.bytes, denied: lhs.denied + rhs.denied,
                sent: lhs.sent + rhs.sent, received: lhs.received + rhs.received,
                internalRecipients: lhs.internalRecipients + rhs.internalRecipients,
                externalRecipients: lhs.externalRecipients + rhs.externalRecipients, largeMessages: lhs.largeMessages + rhs.largeMessages,
                largeToFreeMail: lhs.largeToFreeMail + rhs.largeToFreeMail)
        }

        /// External recipients' share of all recipients, in basis points.
        var externalShareBasisPoints: Int? {
            let all = internalRecipients + externalRecipients
            return all > 0 ? Int(externalRecipients * 10_000 / all) : nil
        }
    }

    struct Group: Sendable, Equatable {
        /// The department's or site's id; nil for records without one.
        let id: UUID?
        let name: String
        let people: Int
        let counts: Counts
    }

    struct DomainLine: Sendable, Equatable {
        let domain: String
        let people: Int
        let requests: Int64
        let bytes: Int64
        let denied: Int64
    }

    struct CategoryLine: Sendable, Equatable {
        let name: String
        let people: Int
        let requests: Int64
        let bytes: Int64
    }

    struct Day: Sendable, Equatable {
        let day: CalendarDate
        let counts: Counts
    }

    let from: CalendarDate
    let to: CalendarDate
    let grouping: Grouping
    let minimumGroupSize: Int
    /// People seen in the period (the most in any one key period: pseudonyms change between periods).
    let people: Int
    /// Fewer people than the minimum: only this fact is shown.
    var suppressed: Bool { people < minimumGroupSize }
    let totals: Counts
    let days: [Day]
    let groups: [Group]
    /// The folded groups together, when any were folded.
    let other: Group?
    /// Unattributed traffic, per site.
    let unknown: [Group]
    let domains: [DomainLine]
    let deniedDomains: [DomainLine]
    /// Categories at least the minimum of people visited sites of, most requests first.
    let categories: [CategoryLine]
    /// Requests by weekday (0 = Monday) and hour.
    let heat: [[Int64]]

    static let domainLimit = 20

    static func build(from: CalendarDate, to: CalendarDate, grouping: Grouping, policy: UsagePolicy, on db: any Database) async throws
        -> UsageReport
    {
        let sql = db.sql
        let (first, last) = (from.description, to.description)
        let column = grouping == .department ? "department_id" : "site_id"
        // Totals per group, people and unknown apart.
        var counts: [UUID?: Counts] = [:]
        var unknownCounts: [UUID?: Counts] = [:]
        let webRows = try await sql.raw(
            """
            SELECT \(unsafeRaw: column) AS g, subject = 'unknown' AS unknown, site_id, \(unsafeRaw: sum("requests")) AS requests,
            \(unsafeRaw: sum("bytes")) AS bytes, \(unsafeRaw: sum("denied")) AS denied FROM usage_web_days
            WHERE day >= \(bind: first) AND day <= \(bind: last) GROUP BY \(unsafeRaw: column), subject = 'unknown', site_id
            """
        ).all()
        /// Adds a row's counts to its group's, or for unattributed traffic to its site's.
        func accumulate(_ row: any SQLRow, _ fill: (inout Counts) throws -> Void) throws {
            let isUnknown = try row.decode(column: "unknown", as: Bool.self)
            let key = try row.decode(column: isUnknown ? "site_id" : "g", as: UUID?.self)
            var add = Counts()
            try fill(&add)
            if isUnknown {
                unknownCounts[key, default: Counts()] = unknownCounts[key, default: Counts()] + add
            } else {
                counts[key, default: Counts()] = counts[key, default: Counts()] + add
            }
        }
        for row in webRows {
            try accumulate(row) { add in
                add.requests = try row.decode(column: "requests", as: Int64.self)
                add.bytes = try row.decode(column: "bytes", as: Int64.self)
                add.denied = try row.decode(column: "denied", as: Int64.self)
            }
        }
        let mailRows = try await sql.raw(
            """
            SELECT \(unsafeRaw: column) AS g, subject = 'unknown' AS unknown, site_id, \(unsafeRaw: sum("sent")) AS sent,
            \(unsafeRaw: sum("received")) AS received, \(unsafeRaw: sum("internal_recipients")) AS internal_recipients,
            \(unsafeRaw: sum("external_recipients")) AS external_recipients, \(unsafeRaw: sum("large_messages")) AS large_messages,
            \(unsafeRaw: sum("large_to_free_mail")) AS large_to_free_mail FROM usage_mail_days
            WHERE day >= \(bind: first) AND day <= \(bind: last) GROUP BY \(unsafeRaw: column), subject = 'unknown', site_id
            """
        ).all()
        for row in mailRows {
            try accumulate(row) { add in
                add.sent = try row.decode(column: "sent", as: Int64.self)
                add.received = try row.decode(column: "received", as: Int64.self)
                add.internalRecipients = try row.decode(column: "internal_recipients", as: Int64.self)
                add.externalRecipients = try row.decode(column: "external_recipients", as: Int64.self)
                add.largeMessages = try row.decode(column: "large_messages", as: Int64.self)
                add.largeToFreeMail = try row.decode(column: "large_to_free_mail", as: Int64.self)
            }
        }
        // People per group: distinct pseudonyms per key period, the most of any period.
        var peoplePerGroup: [UUID?: Int] = [:]
        var peopleOverall = 0
        struct Member: Hashable {
            let group: UUID?
            let subject: String
        }
        var perPeriod: [UUID: Set<Member>] = [:]
        for table in ["usage_web_days", "usage_mail_days"] {
            for row in try await sql.raw(
                """
                SELECT DISTINCT \(unsafeRaw: column) AS g, subject, k.id AS period FROM \(unsafeRaw: table) d
                JOIN usage_keys k ON d.day >= k.first_day AND d.day <= k.last_day
                WHERE d.day >= \(bind: first) AND d.day <= \(bind: last) AND d.subject <> 'unknown'
                """
            ).all() {
                let group = try row.decode(column: "g", as: UUID?.self)
                let period = try row.decode(column: "period", as: UUID.self)
                let subject = try row.decode(column: "subject", as: String.self)
                perPeriod[period, default: []].insert(Member(group: group, subject: subject))
            }
        }
        for members in perPeriod.values {
            var inGroup: [UUID?: Int] = [:]
            for member in members { inGroup[member.group, default: 0] += 1 }
            for (group, count) in inGroup { peoplePerGroup[group] = max(peoplePerGroup[group] ?? 0, count) }
            peopleOverall = max(peopleOverall, Set(members.map(\.subject)).count)
        }
        let names = try await Self.names(grouping, on: db)
        let siteNames = grouping == .site ? names : try await Self.names(.site, on: db)
        let folding = GroupFolding.fold(
            counts.map { GroupFolding.Group(key: $0.key?.uuidString ?? "", people: peoplePerGroup[$0.key] ?? 0, value: $0.value) },
            minimum: policy.minimumGroupSize)
        let groups = folding.shown.map { group in
            let id = UUID(uuidString: group.key)
            return Group(id: id, name: id.flatMap { names[$0] } ?? "", people: group.people, counts: group.value)
        }
        let foldedKeys = Set(folding.folded)
        let other =
            folding.folded.isEmpty
            ? nil
            : Group(
                id: nil, name: "", people: folding.otherPeople,
                counts: counts.filter { foldedKeys.contains($0.key?.uuidString ?? "") }.values.reduce(Counts(), +))
        let unknown = unknownCounts.map { Group(id: $0.key, name: $0.key.flatMap { siteNames[$0] } ?? "", people: 0, counts: $0.value) }
            .sorted { $0.counts.requests > $1.counts.requests }
        let totals = (counts.values.map { $0 } + unknownCounts.values.map { $0 }).reduce(Counts(), +)
        return UsageReport(
            from: from, to: to, grouping: grouping, minimumGroupSize: policy.minimumGroupSize, people: peopleOverall, totals: totals,
            days: try await days(first, last, on: sql), groups: groups, other: other, unknown: unknown,
            domains: try await domains(first, last, minimum: policy.minimumGroupSize, deniedOnly: false, on: sql),
            deniedDomains: try await domains(first, last, minimum: policy.minimumGroupSize, deniedOnly: true, on: sql),
            categories: try await categories(first, last, minimum: policy.minimumGroupSize, on: sql),
            heat: try await heat(first, last, on: sql))
    }

    /// `CAST(SUM(column) AS BIGINT)`: PostgreSQL sums bigints as numeric.
    private static func sum(_ column: String) -> String { "CAST(SUM(\(column)) AS BIGINT)" }

    private static func names(_ grouping: Grouping, on db: any Database) async throws -> [UUID: String] {
        switch grouping {
        case .department: try await Dictionary(uniqueKeysWithValues: Department.query(on: db).all().map { ($0.id!, $0.name) })
        case .site: try await Dictionary(uniqueKeysWithValues: Site.query(on: db).all().map { ($0.id!, $0.name) })
        }
    }

    private static func days(_ first: String, _ last: String, on sql: any SQLDatabase) async throws -> [Day] {
        var byDay: [String: Counts] = [:]
        for row in try await sql.raw(
            """
            SELECT day, \(unsafeRaw: sum("requests")) AS requests, \(unsafeRaw: sum("bytes")) AS bytes, \(unsafeRaw: sum("denied")) AS denied
            FROM usage_web_days WHERE day >= \(bind: first) AND day <= \(bind: last) GROUP BY day
            """
        ).all() {
            let day = try row.decode(column: "day", as: String.self)
            byDay[day, default: Counts()].requests = try row.decode(column: "requests", as: Int64.self)
            byDay[day, default: Counts()].bytes = try row.decode(column: "bytes", as: Int64.self)
            byDay[day, default: Counts()].denied = try row.decode(column: "denied", as: Int64.self)
        }
        for row in try await sql.raw(
            """
            SELECT day, \(unsafeRaw: sum("sent")) AS sent, \(unsafeRaw: sum("received")) AS received FROM usage_mail_days
            WHERE day >= \(bind: first) AND day <= \(bind: last) GROUP BY day
            """
        ).all() {
            let day = try row.decode(column: "day", as: String.self)
            byDay[day, default: Counts()].sent = try row.decode(column: "sent", as: Int64.self)
            byDay[day, default: Counts()].received = try row.decode(column: "received", as: Int64.self)
        }
        guard let start = CalendarDate(first), let end = CalendarDate(last) else { return [] }
        return (start.daysSince1970...max(start.daysSince1970, end.daysSince1970)).map { number in
            let day = CalendarDate(daysSince1970: number)
            return Day(day: day, counts: byDay[day.description] ?? Counts())
        }
    }

    /// The most visited domains (or the most denied), each visited by at least `minimum` people in one key period (a
    /// person has another pseudonym in the next period, so people are counted within a period, and the most of any
    /// period is taken); the rest are not named.
    private static func domains(_ first: String, _ last: String, minimum: Int, deniedOnly: Bool, on sql: any SQLDatabase) async throws
        -> [DomainLine]
    {
        try await sql.raw(
            """
            SELECT domain, MAX(people) AS people, \(unsafeRaw: sum("requests")) AS requests, \(unsafeRaw: sum("bytes")) AS bytes,
            \(unsafeRaw: sum("denied")) AS denied FROM (
              SELECT d.domain AS domain, k.id AS period, COUNT(DISTINCT d.subject) AS people, SUM(d.requests) AS requests,
              SUM(d.bytes) AS bytes, SUM(d.denied) AS denied FROM usage_web_days d
              JOIN usage_keys k ON d.day >= k.first_day AND d.day <= k.last_day
              WHERE d.day >= \(bind: first) AND d.day <= \(bind: last) AND d.domain <> '' AND d.subject <> 'unknown'
              \(unsafeRaw: deniedOnly ? "AND d.denied > 0" : "")
              GROUP BY d.domain, k.id) per_period
            GROUP BY domain HAVING MAX(people) >= \(bind: minimum)
            ORDER BY \(unsafeRaw: deniedOnly ? "denied" : "requests") DESC, domain LIMIT \(unsafeRaw: String(domainLimit))
            """
        ).all().map { row in
            DomainLine(
                domain: try row.decode(column: "domain", as: String.self), people: try row.decode(column: "people", as: Int.self),
                requests: try row.decode(column: "requests", as: Int64.self), bytes: try row.decode(column: "bytes", as: Int64.self),
                denied: try row.decode(column: "denied", as: Int64.self))
        }
    }

    private static func categories(_ first: String, _ last: String, minimum: Int, on sql: any SQLDatabase) async throws -> [CategoryLine] {
        try await sql.raw(
            """
            SELECT name, MAX(people) AS people, \(unsafeRaw: sum("requests")) AS requests, \(unsafeRaw: sum("bytes")) AS bytes FROM (
              SELECT c.name AS name, k.id AS period, COUNT(DISTINCT d.subject) AS people, SUM(d.requests) AS requests,
              SUM(d.bytes) AS bytes FROM usage_web_days d
              JOIN usage_category_domains cd ON cd.domain = d.domain JOIN usage_categories c ON c.id = cd.category_id
              JOIN usage_keys k ON d.day >= k.first_day AND d.day <= k.last_day
              WHERE d.day >= \(bind: first) AND d.day <= \(bind: last) AND d.subject <> 'unknown'
              GROUP BY c.name, k.id) per_period
            GROUP BY name HAVING MAX(people) >= \(bind: minimum)
            ORDER BY requests DESC, name LIMIT \(unsafeRaw: String(domainLimit))
            """
        ).all().map { row in
            CategoryLine(
                name: try row.decode(column: "name", as: String.self), people: try row.decode(column: "people", as: Int.self),
                requests: try row.decode(column: "requests", as: Int64.self), bytes: try row.decode(column: "bytes", as: Int64.self))
        }
    }

    private static func heat(_ first: String, _ last: String, on sql: any SQLDatabase) async throws -> [[Int64]] {
        var heat = Array(repeating: Array(repeating: Int64(0), count: 24), count: 7)
        for row in try await sql.raw(
            """
            SELECT day, hour, \(unsafeRaw: sum("requests")) AS requests FROM usage_web_hours
            WHERE day >= \(bind: first) AND day <= \(bind: last) GROUP BY day, hour
            """
        ).all() {
            guard let day = CalendarDate(try row.decode(column: "day", as: String.self)) else { continue }
            let hour = try row.decode(column: "hour", as: Int.self)
            // 1970-01-01 was a Thursday (3 with Monday 0).
            let weekday = ((day.daysSince1970 % 7) + 7 + 3) % 7
            if (0..<24).contains(hour) { heat[weekday][hour] += try row.decode(column: "requests", as: Int64.self) }
        }
        return heat
    }
}
