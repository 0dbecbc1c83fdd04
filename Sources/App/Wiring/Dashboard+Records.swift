import Domain
import Fluent
import Foundation
import Vapor

/// The panels over records: deadlines, licence shortfalls, the people officer's queue, accounts and the audit trail.
extension Dashboard {
    /// Deadlines in the next 30 days without a recorded decision, and contract deadlines missed in the last 30 (a past
    /// warranty end needs nothing more).
    func deadlines(_ req: Request) async throws -> Part {
        let today = try await req.application.organisationToday()
        let open = try await ContractService.deadlines(on: req.db, today: today, days: 30)
            .filter { $0.decision == nil && ($0.daysLeft >= 0 || [.notice, .contractEnd].contains($0.kind)) }
        let localizer = req.services.localizer
        let rows = open.prefix(8).map { deadline in
            Row(
                badge: Badge(
                    text: DeadlineText.due(deadline.daysLeft, language: req.language, localizer: localizer),
                    style: deadline.daysLeft < 0 ? "due due-overdue" : (deadline.daysLeft <= 7 ? "due due-due" : "due")),
                title: deadline.subject, href: req.link(DeadlinePages.href(deadline)),
                details: [localizer.date(deadline.date, req.language), req.t(deadline.kind.labelKey)])
        }
        return Part(
            cards: [
                Self.attention(req.t("dashboard.card.deadlines"), open.count, req, href: Paths.deadlines.path + "?days=30", bad: false)
            ],
            panel: Self.panel(
                .deadlines, req, href: .deadlines, rows: Array(rows),
                next: Link(label: req.t("dashboard.next.deadlines"), href: Paths.deadlines.path)))
    }

    /// Products with fewer licences than installations, the costliest gap first.
    func licences(_ req: Request) async throws -> Part {
        let today = try await req.application.organisationToday()
        let short = try await SoftwareCompliance.positions(on: req.db, today: today)
            .filter { [.underLicensed, .unlicensed].contains($0.position.status) }.sorted { $0.position.shortfall > $1.position.shortfall }
        let plural = req.services.localizer.catalogue(req.language)
        let rows = short.prefix(8).map { row in
            Row(
                badge: Badge(text: req.t(row.position.status.labelKey), style: "due due-overdue"), title: row.product.name,
                href: req.link(Paths.softwareProduct.path(row.product.id!)),
                details: [
                    plural.plural("dashboard.licences_missing", count: row.position.shortfall),
                    row.position.shortfallCostPerYear.map { $0.formatted(req.language) }.joined(separator: " + "),
                ])
        }
        return Part(
            cards: [Self.attention(req.t("dashboard.card.licences_short"), short.count, req, href: Paths.softwareCompliance.path)],
            panel: Self.panel(.licences, req, href: .softwareCompliance, rows: Array(rows)))
    }

    /// Re-identification requests waiting for a decision; one the reader asked for is marked, as another officer decides it.
    func reidentifications(_ req: Request) async throws -> Part {
        let pending = try await UsageReidentification.records(status: .pending, on: req.db)
        let me = req.principal!.userID.uuidString
        let rows = pending.prefix(8).map { record in
            Row(
                title: record.reason, href: Paths.usageFinding.path(record.findingID),
                details: [
                    record.requesterLabel, req.dateTime(record.requestedAt),
                    record.requestedBy == me ? req.t("dashboard.reidentification_own") : nil,
                ])
        }
        return Part(
            cards: [
                Self.attention(req.t("dashboard.card.reidentifications"), pending.count, req, href: Paths.usageFindings.path, bad: false)
            ],
            panel: Self.panel(.reidentifications, req, href: .usageFindings, rows: Array(rows)))
    }

    /// Accounts and sign-ins as figures; background jobs with errors as rows.
    func accounts(_ req: Request) async throws -> Part {
        let dayAgo = Int64(req.now.addingTimeInterval(-86400).timeIntervalSince1970 * 1000)
        let active = try await User.query(on: req.db).filter(\.$disabled == false).count()
        var cards = [Card(label: req.t("dashboard.active_users"), value: Self.number(active, req), href: Paths.adminUsers.path, tone: "")]
        if req.may(.readAudit) {
            let signIns = try await AuditEntry.query(on: req.db).filter(\.$action == "auth.signin").filter(\.$occurredAtMillis >= dayAgo)
                .count()
            let failures = try await AuditEntry.query(on: req.db).filter(\.$action == "auth.signin_failed")
                .filter(\.$occurredAtMillis >= dayAgo).count()
            cards.append(Card(label: req.t("dashboard.signins_24h"), value: Self.number(signIns, req), href: nil, tone: ""))
            cards.append(
                Self.attention(
                    req.t("dashboard.failed_signins_24h"), failures, req, href: Paths.adminAudit.path + "?action=auth.signin_failed",
                    bad: false))
        }
        var rows: [Row] = []
        if req.may(.readJobs) {
            rows = try await Job.query(on: req.db).filter(\.$lastError != nil).all().map { job in
                Row(
                    badge: Badge(text: req.t("dashboard.badge.failing"), style: "status status-critical"), title: job.name,
                    href: Paths.adminJobs.path, details: [job.lastError])
            }
        }
        return Part(cards: cards, panel: Self.panel(.accounts, req, href: req.may(.readJobs) ? .adminJobs : .adminUsers, rows: rows))
    }

    func recentActivity(_ req: Request) async throws -> Part {
        let entries = try await AuditEntry.query(on: req.db).sort(\.$id, .descending).limit(8).all()
        let rows = entries.map { Row(title: $0.action, href: nil, details: [$0.actorLabel, req.dateTime($0.occurredAt)]) }
        return Part(panel: Self.panel(.recentActivity, req, href: .adminAudit, rows: rows))
    }
}
