import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The alerts pages: open alerts grouped per asset or service, recent recoveries, one alert with its timeline.
extension MonitorPages {
    struct AlertsContent: Encodable {
        struct Row: Encodable {
            let href: String
            let check: String
            let checkHref: String
            let badge: StatusBadge
            let opened: String
            let duration: String
            let acknowledged: String?
            let closed: String?
        }

        struct Group: Encodable {
            let subject: String
            let href: String?
            let rows: [Row]
        }

        let open: [Group]
        let openCount: String
        let recent: [Row]
    }

    func alerts(_ req: Request) async throws -> Response {
        let open = try await Alert.query(on: req.db).filter(\.$closedAt == nil).sort(\.$openedAt, .descending).limit(1000).all()
        let recent = try await Alert.query(on: req.db).filter(\.$closedAt != nil).sort(\.$closedAt, .descending).limit(50).all()
        let checks = Dictionary(
            uniqueKeysWithValues: try await Check.query(on: req.db).filter(\.$id ~~ Set((open + recent).map(\.checkID))).all().map {
                ($0.id!, $0)
            })
        let assets = try await CheckAssets.of(Array(checks.values), on: req.db)
        let localizer = req.services.localizer
        let now = req.now
        let time = { (date: Date) in req.dateTime(date) }
        func row(_ alert: Alert) -> AlertsContent.Row {
            let check = checks[alert.checkID]
            return .init(
                href: Paths.alert.path(alert.id!), check: check?.name ?? "", checkHref: Paths.check.path(alert.checkID),
                badge: Self.badge(alert.status, req), opened: time(alert.openedAt),
                duration: localizer.duration(seconds: Int((alert.closedAt ?? now).timeIntervalSince(alert.openedAt)), req.language),
                acknowledged: alert.acknowledgedBy.map { req.t("alert.acknowledged_by", ["name": $0]) }, closed: alert.closedAt.map(time))
        }
        // Grouped per asset (or named service), the group with the worst and oldest problem first.
        let grouped = Dictionary(grouping: open) { alert -> String in
            let check = checks[alert.checkID]
            return check.map { AlertRouter.subject(of: $0, asset: $0.assetID.flatMap { assets[$0] }) } ?? ""
        }
        let rank: (CheckStatus) -> Int = { [.critical: 0, .warning: 1, .unknown: 2, .ok: 3][$0] ?? 3 }
        let groups = grouped.map { subject, alerts in
            let assetID = alerts.first?.assetID
            return (
                rank(alerts.map(\.status).min { rank($0) < rank($1) } ?? .ok), alerts.map(\.openedAt).min() ?? now,
                AlertsContent.Group(subject: subject, href: req.link(assetID.map { Paths.hardwareAsset.path($0) }), rows: alerts.map(row))
            )
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        return try await req.page(
            "monitoring/alerts", titleKey: "alert.title",
            AlertsContent(open: groups, openCount: localizer.number(open.count, req.language), recent: recent.map(row)))
    }

    struct AlertContent: Encodable {
        struct Entry: Encodable {
            let at: String
            let text: String
        }

        let id: String
        let check: String
        let checkHref: String
        let subject: String
        let badge: StatusBadge
        let opened: String
        let closed: String?
        let duration: String
        let acknowledged: String?
        let comment: String
        let timeline: [Entry]
        let canAcknowledge: Bool
        let error: String?
    }

    func alert(_ req: Request) async throws -> Response { try await alertPage(req, id: try req.requireID(), error: nil) }

    func alertPage(_ req: Request, id: UUID, error: String?, status: HTTPStatus = .ok) async throws -> Response {
        guard let alert = try await Alert.find(id, on: req.db) else { throw AppError.notFound }
        let check = try await Check.find(alert.checkID, on: req.db)
        let asset = try await alert.assetID.asyncMap { try await Asset.find($0, on: req.db) } ?? nil
        let events = try await AlertEvent.query(on: req.db).filter(\.$alertID == id).sort(\.$at).all()
        let localizer = req.services.localizer
        let time = { (date: Date) in req.dateTime(date) }
        let timeline = events.map { event in
            AlertContent.Entry(at: time(event.at), text: Self.describe(event, req))
        }
        let content = AlertContent(
            id: id.uuidString, check: check?.name ?? "", checkHref: Paths.check.path(alert.checkID),
            subject: check.map { AlertRouter.subject(of: $0, asset: asset) } ?? "", badge: Self.badge(alert.status, req),
            opened: time(alert.openedAt), closed: alert.closedAt.map(time),
            duration: localizer.duration(seconds: Int((alert.closedAt ?? req.now).timeIntervalSince(alert.openedAt)), req.language),
            acknowledged: alert.acknowledgedBy.map { req.t("alert.acknowledged_by", ["name": $0]) }, comment: alert.comment,
            timeline: timeline, canAcknowledge: req.may(.acknowledgeAlerts) && alert.closedAt == nil && alert.acknowledgedAt == nil,
            error: error)
        return try await req.page("monitoring/alert", titleKey: "alert.title", record: check?.name, content, status: status)
    }

    /// A timeline entry in the reader's language.
    static func describe(_ event: AlertEvent, _ req: Request) -> String {
        let status = CheckStatus(rawValue: event.detail).map { req.t($0.labelKey) } ?? event.detail
        switch event.kind {
        case .opened, .severity: return req.t(event.kind.labelKey, ["status": status])
        case .held: return req.t(event.kind.labelKey, ["reason": req.t("alert.hold.\(event.detail)")])
        case .acknowledged: return req.t(event.kind.labelKey, ["name": event.detail])
        case .flapping, .settled: return req.t(event.kind.labelKey, ["percent": event.detail])
        case .notified, .escalated, .recovered: return req.t(event.kind.labelKey)
        }
    }

    func acknowledge(_ req: Request) async throws -> Response {
        struct Form: Content { var comment: String? }
        let form = try req.content.decode(Form.self)
        let id = try req.requireID()
        return try await req.submit {
            _ = try await service(req).acknowledge(id, comment: form.comment ?? "")
            return req.redirect(to: Paths.alert.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await alertPage(req, id: id, error: req.fieldMessages(failure).values.first, status: .unprocessableEntity)
        }
    }
}
