import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Acceptable-use rules, the findings they raise (pseudonyms only), and re-identification with four eyes.
enum UsageFindings {
    static let job = "usage.findings"
    /// Days evaluated each run: today and the days before it, as late log lines still arrive.
    static let lookBackDays = 3

    struct Rule: Sendable, Equatable {
        let id: UUID
        let name: String
        let rule: UsageRule
    }

    static func rules(on db: any Database) async throws -> [Rule] {
        try await db.sql.select().columns("id", "name", "kind", "category", "threshold").from("usage_rules").orderBy(
            "name"
        ).all()
            .compactMap { row in
                guard let kind = UsageRule.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
                return Rule(
                    id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                    rule: UsageRule(
                        kind: kind, category: try row.decode(column: "category", as: String?.self),
                        threshold: try row.decode(column: "threshold", as: Int64?.self)))
            }
    }

    static func categoryNames(on db: any Database) async throws -> Set<String> {
        Set(
            try await db.sql.select().column("name").from(UsageCategories.categoriesTable).all().map {
                try $0.decode(column: "name", as: String.self)
            })
    }

    /// Adds a rule (validated) with its audit entry.
    static func addRule(name: String, _ rule: UsageRule, actor: AuditActor, app: Application) async throws -> UUID {
        var errors = rule.validate(categories: try await categoryNames(on: app.db))
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            errors.append(FieldError(field: "name", code: .required))
        } else if trimmed.count > 200 {
            errors.append(FieldError(field: "name", code: .tooLong))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        let (id, now) = (UUID(), app.services.clock.now())
        try await app.write { db in
            try await db.sql.insert(into: "usage_rules").columns(
                "id", "name", "kind", "category", "threshold", "created_at"
            )
            .values(
                SQLBind(id), SQLBind(trimmed), SQLBind(rule.kind.rawValue),
                rule.kind.needsCategory ? SQLBind(rule.category) : SQLLiteral.null,
                rule.kind.needsThreshold ? SQLBind(rule.threshold) : SQLLiteral.null, SQLBind(now)
            ).run()
            try await AuditLog.append(
                on: db, actor: actor, action: "usage.rule.create", entityType: "usage_rule", entityID: id.uuidString,
                changes: AuditLog.diff(
                    before: nil,
                    after: [
                        "name": trimmed, "kind": rule.kind.rawValue, "category": rule.category ?? "",
                        "threshold": rule.threshold.map(String.init) ?? "",
                    ]),
                at: now)
        }
        return id
    }

    /// Removes a rule and its findings.
    static func removeRule(_ id: UUID, actor: AuditActor, app: Application) async throws {
        let now = app.services.clock.now()
        try await app.write { db in
            let sql = db.sql
            guard try await sql.select().column("id").from("usage_rules").where("id", .equal, id).first() != nil else {
                throw AppError.notFound
            }
            try await sql.delete(from: "usage_rules").where("id", .equal, id).run()
            try await AuditLog.append(
                on: db, actor: actor, action: "usage.rule.remove", entityType: "usage_rule", entityID: id.uuidString, at: now)
        }
    }

    /// Checks every rule against the aggregates of the days from `first` to `last` and stores a finding per pseudonym
    /// and day that breaks one (again, with the latest value, when a day is checked twice). Returns how many findings
    /// the days have.
    @discardableResult
    static func evaluate(app: Application, from first: CalendarDate, to last: CalendarDate) async throws -> Int {
        let policy = try await UsageSettings.current(on: app.db).policy
        guard policy.switches.effective.findings else { return 0 }
        let rules = try await rules(on: app.db)
        let sql = app.db.sql
        let (from, to) = (first.description, last.description)
        var found: [(rule: UUID, day: String, subject: String, value: Int64)] = []
        for rule in rules {
            let query: SQLQueryString
            let threshold = rule.rule.threshold ?? 0
            switch rule.rule.kind {
            case .categoryBlocked, .categoryLimit:
                query = """
                    SELECT d.day AS day, d.subject AS subject, CAST(SUM(d.requests) AS BIGINT) AS value FROM usage_web_days d
                    JOIN usage_category_domains cd ON cd.domain = d.domain JOIN usage_categories c ON c.id = cd.category_id
                    WHERE c.name = \(bind: rule.rule.category ?? "") AND d.day >= \(bind: from) AND d.day <= \(bind: to) AND d.subject <> 'unknown'
                    GROUP BY d.day, d.subject HAVING SUM(d.requests) > \(bind: rule.rule.kind == .categoryBlocked ? 0 : threshold)
                    """
            case .dailyVolume:
                query = """
                    SELECT day, subject, CAST(SUM(bytes) AS BIGINT) AS value FROM usage_web_days
                    WHERE day >= \(bind: from) AND day <= \(bind: to) AND subject <> 'unknown'
                    GROUP BY day, subject HAVING SUM(bytes) > \(bind: threshold)
                    """
            case .outOfHours:
                query = """
                    SELECT day, subject, CAST(SUM(requests) AS BIGINT) AS value FROM usage_web_hours
                    WHERE day >= \(bind: from) AND day <= \(bind: to) AND subject <> 'unknown'
                    AND (hour < \(bind: policy.workdayStartHour) OR hour >= \(bind: policy.workdayEndHour))
                    GROUP BY day, subject HAVING SUM(requests) > \(bind: threshold)
                    """
            case .largeFreeMail:
                query = """
                    SELECT day, subject, CAST(SUM(large_to_free_mail) AS BIGINT) AS value FROM usage_mail_days
                    WHERE day >= \(bind: from) AND day <= \(bind: to) AND subject <> 'unknown'
                    GROUP BY day, subject HAVING SUM(large_to_free_mail) > 0
                    """
            }
            for row in try await sql.raw(query).all() {
                found.append(
                    (
                        rule.id, try row.decode(column: "day", as: String.self), try row.decode(column: "subject", as: String.self),
                        try row.decode(column: "value", as: Int64.self)
                    ))
            }
        }
        let now = app.services.clock.now()
        let rows = found
        try await app.write(appendsToAuditTrail: false) { db in
            let sql = db.sql
            for start in stride(from: 0, to: rows.count, by: 1000) {
                var insert = sql.insert(into: "usage_findings").columns("id", "rule_id", "day", "subject", "value", "created_at")
                for row in rows[start..<min(start + 1000, rows.count)] {
                    insert = insert.values(
                        SQLBind(UUID()), SQLBind(row.rule), SQLBind(row.day), SQLBind(row.subject), SQLBind(row.value), SQLBind(now))
                }
                try await insert.onConflict(with: ["rule_id", "day", "subject"]) { $0.set(excludedValueOf: "value") }.run()
            }
        }
        return rows.count
    }

    /// The job: the last few days, in the organisation's zone.
    static func run(app: Application, now: Date) async throws {
        let zone = try await app.services.organisation.current(on: app.db).timeZone
        let today = CalendarDate(now, in: zone)
        try await evaluate(app: app, from: CalendarDate(daysSince1970: today.daysSince1970 - lookBackDays + 1), to: today)
    }

    /// The employee behind a pseudonym of a day, found by computing every employee's pseudonym under that day's key.
    static func person(behind pseudonym: String, day: CalendarDate, app: Application) async throws -> Employee? {
        let keys = try await PseudonymKeys.load(box: app.services.secretBox, on: app.db)
        guard let period = keys.period(of: day.daysSince1970) else { return nil }
        for employee in try await Employee.query(on: app.db).all() where keys.pseudonym(of: employee.id!, inPeriod: period) == pseudonym {
            return employee
        }
        return nil
    }
}
