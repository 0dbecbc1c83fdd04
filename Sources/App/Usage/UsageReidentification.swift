import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Re-identification with four eyes: a manager asks who is behind one finding, giving a reason; a people officer other
/// than the one who asked approves or rejects; an approval opens that finding to the one who asked for the policy's
/// number of days. Every step and every view is audited, and the employee sees it on their own page.
enum UsageReidentification {
    struct Record: Sendable, Equatable {
        let id: UUID
        let findingID: UUID
        let requestedBy: String
        let requesterLabel: String
        let reason: String
        let requestedAt: Date
        let status: Reidentification.Status
        let deciderLabel: String?
        let decisionNote: String?
        let decidedAt: Date?
        let expiresAt: Date?
        let employeeID: UUID?

        var state: Reidentification {
            Reidentification(status: status, requestedBy: requestedBy, expiresAt: expiresAt)
        }
    }

    static func records(
        id: UUID? = nil, findings: [UUID]? = nil, status: Reidentification.Status? = nil, employee: UUID? = nil, on db: any Database
    ) async throws -> [Record] {
        var query = db.sql.select().column("*").from("usage_reidentifications")
        if let id { query = query.where("id", .equal, id) }
        if let findings { query = query.where("finding_id", .in, SQLBind.group(findings.isEmpty ? [UUID()] : findings)) }
        if let status { query = query.where("status", .equal, status.rawValue) }
        if let employee { query = query.where("employee_id", .equal, employee) }
        return try await query.orderBy("requested_at", .descending).all().map { row in
            Record(
                id: try row.decode(column: "id", as: UUID.self), findingID: try row.decode(column: "finding_id", as: UUID.self),
                requestedBy: try row.decode(column: "requested_by", as: String.self),
                requesterLabel: try row.decode(column: "requester_label", as: String.self),
                reason: try row.decode(column: "reason", as: String.self),
                requestedAt: try row.decode(column: "requested_at", as: Date.self),
                status: Reidentification.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
                deciderLabel: try row.decode(column: "decider_label", as: String?.self),
                decisionNote: try row.decode(column: "decision_note", as: String?.self),
                decidedAt: try row.decode(column: "decided_at", as: Date?.self),
                expiresAt: try row.decode(column: "expires_at", as: Date?.self),
                employeeID: try row.decode(column: "employee_id", as: UUID?.self))
        }
    }

    struct Finding: Sendable, Equatable {
        let id: UUID
        let ruleID: UUID
        let ruleName: String
        let kind: UsageRule.Kind
        let day: String
        let subject: String
        let value: Int64
    }

    /// The findings with `ids`, or the newest thousand.
    static func findings(ids: [UUID]? = nil, on db: any Database) async throws -> [Finding] {
        var query = db.sql.select()
            .column(SQLColumn("id", table: "f")).column(SQLColumn("rule_id", table: "f")).column(SQLColumn("name", table: "r"))
            .column(SQLColumn("kind", table: "r")).column(SQLColumn("day", table: "f")).column(SQLColumn("subject", table: "f"))
            .column(SQLColumn("value", table: "f"))
            .from(SQLAlias(SQLIdentifier("usage_findings"), as: SQLIdentifier("f")))
            .join(
                SQLAlias(SQLIdentifier("usage_rules"), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
                on: SQLColumn("rule_id", table: "f"), .equal, SQLColumn("id", table: "r"))
        if let ids {
            guard !ids.isEmpty else { return [] }
            query = query.where(SQLColumn("id", table: "f"), .in, SQLBind.group(Array(Set(ids))))
        } else {
            query = query.limit(1000)
        }
        return try await query.orderBy(SQLOrderBy(expression: SQLColumn("day", table: "f"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("subject", table: "f"), direction: SQLDirection.ascending)).all()
            .map { row in
                Finding(
                    id: try row.decode(column: "id", as: UUID.self), ruleID: try row.decode(column: "rule_id", as: UUID.self),
                    ruleName: try row.decode(column: "name", as: String.self),
                    kind: UsageRule.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .dailyVolume,
                    day: try row.decode(column: "day", as: String.self), subject: try row.decode(column: "subject", as: String.self),
                    value: try row.decode(column: "value", as: Int64.self))
            }
    }

    /// Asks who is behind a finding.
    static func request(finding id: UUID, reason: String, actor: AuditActor, app: Application) async throws -> UUID {
        do {
            try Reidentification.checkReason(reason)
        } catch {
            throw ValidationFailure([FieldError(field: "reason", code: .required)])
        }
        guard try await findings(ids: [id], on: app.db).first != nil, let requester = actor.id else { throw AppError.notFound }
        let (request, now) = (UUID(), app.services.clock.now())
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try await app.write { db in
            try await db.sql.insert(into: "usage_reidentifications")
                .columns("id", "finding_id", "requested_by", "requester_label", "reason", "requested_at", "status")
                .values(
                    SQLBind(request), SQLBind(id), SQLBind(requester), SQLBind(actor.label), SQLBind(text), SQLBind(now),
                    SQLBind(Reidentification.Status.pending.rawValue)
                ).run()
            try await AuditLog.append(
                on: db, actor: actor, action: "usage.reidentify.request", entityType: "usage_finding", entityID: id.uuidString,
                changes: ["reason": AuditChange(before: nil, after: text)], at: now)
        }
        return request
    }

    enum DecisionError: Error {
        case refused(Reidentification.Refusal)
    }

    /// Approves or rejects a pending request; the one who asked may not. An approval finds the person and keeps who it
    /// is, so that they see it on their own page.
    static func decide(_ id: UUID, approve: Bool, note: String, actor: AuditActor, app: Application) async throws {
        guard let record = try await records(id: id, on: app.db).first, let decider = actor.id else {
            throw AppError.notFound
        }
        let policy = try await UsageSettings.current(on: app.db).policy
        let now = app.services.clock.now()
        var state = record.state
        try state.decide(approve: approve, by: decider, now: now, days: policy.reidentificationDays)
        var employee: UUID?
        if approve, let finding = try await findings(ids: [record.findingID], on: app.db).first, let day = CalendarDate(finding.day) {
            employee = try await UsageFindings.person(behind: finding.subject, day: day, app: app)?.id
        }
        let (decided, person) = (state, employee)
        let notice = approve && policy.notifyEmployee ? try await Self.notice(to: employee, record: record, app: app) : nil
        try await app.write { db in
            let sql = db.sql
            // Decided once: a second decision made meanwhile finds the row no longer pending and changes nothing.
            try await sql.update("usage_reidentifications").where("id", .equal, id).where(
                "status", .equal, Reidentification.Status.pending.rawValue
            )
            .set("status", to: decided.status.rawValue).set("decided_by", to: decider).set("decider_label", to: actor.label)
            .set("decision_note", to: note).set("decided_at", to: now).set(
                "expires_at", to: decided.expiresAt.map { SQLBind($0) } ?? SQLLiteral.null
            )
            .set("employee_id", to: person.map { SQLBind($0) } ?? SQLLiteral.null).run()
            try await AuditLog.append(
                on: db, actor: actor, action: approve ? "usage.reidentify.approve" : "usage.reidentify.reject", entityType: "usage_finding",
                entityID: record.findingID.uuidString,
                changes: [
                    "status": AuditChange(before: record.status.rawValue, after: decided.status.rawValue),
                    "note": AuditChange(before: nil, after: note),
                ], at: now)
            if let notice { try await notice.create(on: db) }
        }
    }

    /// The e-mail that tells the employee a finding about them was re-identified — who asked and why — sent through the
    /// organisation's first enabled e-mail channel to their work address, in their language. Nil when there is no
    /// channel or no address; they see it on their own page either way.
    static func notice(to employeeID: UUID?, record: Record, app: Application) async throws -> OutboxMessage? {
        guard let employeeID, let employee = try await Employee.find(employeeID, on: app.db), let address = employee.workEmail,
            let channel = try await NotificationChannel.query(on: app.db).filter(\.$enabled == true)
                .filter(\.$kindRaw == NotificationChannel.Kind.email.rawValue).sort(\.$name).first()
        else { return nil }
        var language = Language(rawValue: try await app.services.organisation.current(on: app.db).defaultLanguage) ?? .en
        if let userID = employee.userID, let chosen = try await User.find(userID, on: app.db)?.language { language = chosen }
        let localizer = app.services.localizer
        let now = app.services.clock.now()
        let row = OutboxMessage()
        row.id = UUID()
        (row.channelID, row.topicRaw, row.recipients) = (channel.id!, "usage", address)
        row.subject = localizer.text("usage.notice.subject", language)
        row.body = localizer.text("usage.notice.body", language, ["requester": record.requesterLabel, "reason": record.reason])
        row.link = Paths.usageMine.path
        (row.statusRaw, row.attempts, row.nextAttemptAt, row.createdAt) = (OutboxMessage.Status.pending.rawValue, 0, now, now)
        return row
    }

    /// The person behind a finding, for `viewer` while an approval of theirs is open; the view is audited.
    static func reveal(finding id: UUID, actor: AuditActor, app: Application) async throws -> Employee? {
        let now = app.services.clock.now()
        guard let viewer = actor.id,
            let open = try await records(findings: [id], on: app.db).first(where: { $0.state.isOpen(to: viewer, at: now) }),
            let employeeID = open.employeeID, let employee = try await Employee.find(employeeID, on: app.db)
        else { return nil }
        try await app.write { db in
            try await AuditLog.append(
                on: db, actor: actor, action: "usage.reidentify.view", entityType: "usage_finding", entityID: id.uuidString,
                changes: ["employee": AuditChange(before: nil, after: employeeID.uuidString)], at: now)
        }
        return employee
    }
}
