import Domain
import Fluent
import Foundation
import SQLKit

extension UsageReport {
    /// `CAST(SUM(column) AS BIGINT)`: PostgreSQL sums bigints as numeric.
    static func sum(_ column: String) -> String { "CAST(SUM(\(column)) AS BIGINT)" }

    static func names(_ grouping: Grouping, on db: any Database) async throws -> [UUID: String] {
        switch grouping {
        case .department: try await Dictionary(uniqueKeysWithValues: Department.query(on: db).all().map { ($0.id!, $0.name) })
        case .site: try await Dictionary(uniqueKeysWithValues: Site.query(on: db).all().map { ($0.id!, $0.name) })
        }
    }

    static func days(_ first: String, _ last: String, on sql: any SQLDatabase) async throws -> [Day] {
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
    static func domains(_ first: String, _ last: String, minimum: Int, deniedOnly: Bool, on sql: any SQLDatabase) async throws
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

    static func categories(_ first: String, _ last: String, minimum: Int, on sql: any SQLDatabase) async throws -> [CategoryLine] {
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

    static func heat(_ first: String, _ last: String, on sql: any SQLDatabase) async throws -> [[Int64]] {
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
