import Domain
import Fluent
import Foundation
import SQLKit

extension UsageReport {
    /// What the database yields for a period and grouping: every figure of the report, keyed by group id, before the
    /// groups are named and the small ones folded. This is the costly part (a few hundred milliseconds over a quarter's
    /// aggregates), so `UsageReportCache` keeps it until the usage data changes.
    struct Aggregates: Sendable, Equatable {
        var counts: [UUID?: Counts] = [:]
        /// Unattributed traffic, by site.
        var unknownCounts: [UUID?: Counts] = [:]
        var peoplePerGroup: [UUID?: Int] = [:]
        var people = 0
        var days: [Day] = []
        var domains: [DomainLine] = []
        var deniedDomains: [DomainLine] = []
        var categories: [CategoryLine] = []
        var heat: [[Int64]] = []
    }

    /// The report, computed afresh.
    static func build(from: CalendarDate, to: CalendarDate, grouping: Grouping, policy: UsagePolicy, on db: any Database) async throws
        -> UsageReport
    {
        let aggregates = try await aggregate(from: from, to: to, grouping: grouping, minimum: policy.minimumGroupSize, on: db.sql)
        return try await assemble(aggregates, from: from, to: to, grouping: grouping, policy: policy, on: db)
    }

    /// The report from the cache when the usage data has not changed since it was computed.
    static func build(
        from: CalendarDate, to: CalendarDate, grouping: Grouping, policy: UsagePolicy, cache: UsageReportCache, on db: any Database
    ) async throws -> UsageReport {
        let key = UsageReportCache.Key(
            from: from, to: to, grouping: grouping, minimum: policy.minimumGroupSize, revision: try await UsageRevision.current(on: db))
        let aggregates: Aggregates
        if let cached = await cache.aggregates(for: key) {
            aggregates = cached
        } else {
            aggregates = try await aggregate(from: from, to: to, grouping: grouping, minimum: policy.minimumGroupSize, on: db.sql)
            await cache.keep(aggregates, for: key)
        }
        return try await assemble(aggregates, from: from, to: to, grouping: grouping, policy: policy, on: db)
    }

    /// Names the groups (names change without the usage data changing, so they are read each time) and folds those
    /// with fewer people than the minimum into "other".
    static func assemble(
        _ aggregates: Aggregates, from: CalendarDate, to: CalendarDate, grouping: Grouping, policy: UsagePolicy, on db: any Database
    ) async throws -> UsageReport {
        let names = try await Self.names(grouping, on: db)
        let siteNames = grouping == .site ? names : try await Self.names(.site, on: db)
        let counts = aggregates.counts
        let folding = GroupFolding.fold(
            counts.map {
                GroupFolding.Group(key: $0.key?.uuidString ?? "", people: aggregates.peoplePerGroup[$0.key] ?? 0, value: $0.value)
            },
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
        let unknown = aggregates.unknownCounts.map {
            Group(id: $0.key, name: $0.key.flatMap { siteNames[$0] } ?? "", people: 0, counts: $0.value)
        }
        .sorted { $0.counts.requests > $1.counts.requests }
        let totals = (counts.values.map { $0 } + aggregates.unknownCounts.values.map { $0 }).reduce(Counts(), +)
        return UsageReport(
            from: from, to: to, grouping: grouping, minimumGroupSize: policy.minimumGroupSize, people: aggregates.people, totals: totals,
            days: aggregates.days, groups: groups, other: other, unknown: unknown, domains: aggregates.domains,
            deniedDomains: aggregates.deniedDomains, categories: aggregates.categories, heat: aggregates.heat)
    }

    static func aggregate(from: CalendarDate, to: CalendarDate, grouping: Grouping, minimum: Int, on sql: any SQLDatabase) async throws
        -> Aggregates
    {
        let (first, last) = (from.description, to.description)
        let column = grouping == .department ? "department_id" : "site_id"
        var result = Aggregates()
        // Totals per group, people and unknown apart.
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
                result.unknownCounts[key, default: Counts()] = result.unknownCounts[key, default: Counts()] + add
            } else {
                result.counts[key, default: Counts()] = result.counts[key, default: Counts()] + add
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
            for (group, count) in inGroup { result.peoplePerGroup[group] = max(result.peoplePerGroup[group] ?? 0, count) }
            result.people = max(result.people, Set(members.map(\.subject)).count)
        }
        result.days = try await days(first, last, on: sql)
        result.domains = try await domains(first, last, minimum: minimum, deniedOnly: false, on: sql)
        result.deniedDomains = try await domains(first, last, minimum: minimum, deniedOnly: true, on: sql)
        result.categories = try await categories(first, last, minimum: minimum, on: sql)
        result.heat = try await heat(first, last, on: sql)
        return result
    }
}
