import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// Writing one batch: judging each result, opening and closing alerts, and queueing the notices.
extension ResultRecorder {
    static func write(_ batch: [PendingResult], owner: String?, now: Date, router: AlertRouter, on db: any Database) async throws
        -> Summary
    {
        let sql = db.sql
        var checks = try await CheckFacts.read(Set(batch.map(\.checkID)), on: sql)
        if let owner {
            let held = try await MonitorLeases.held(by: owner, on: db, now: now)
            checks = checks.filter { held.contains($0.value.shard) }
        }
        guard !checks.isEmpty else { return Summary() }
        let parentIDs = Set(checks.values.compactMap(\.parentID))
        var states = try await StoredState.read(Set(checks.keys).union(parentIDs), locking: true, on: sql)
        let assetIDs = Set(checks.values.compactMap(\.assetID))
        let sites = try await Self.sites(of: assetIDs, on: sql)
        let windows = try await MaintenanceWindow.query(on: db).filter(\.$scopeID ~~ Set(checks.keys).union(assetIDs).union(sites.values))
            .all()
            .reduce(into: [UUID: [MaintenanceSchedule]]()) { byScope, window in
                if let schedule = MaintenanceCalendar.schedule(window) { byScope[window.scopeID, default: []].append(schedule) }
            }
        var openAlerts = Dictionary(
            try await Alert.query(on: db).filter(\.$checkID ~~ Set(checks.keys)).filter(\.$closedAt == nil).all().map { ($0.checkID, $0) }
        ) { first, _ in first }
        var written: Set<UUID> = []
        var changedAlerts: [UUID: Alert] = [:]
        var events: [AlertEvent] = []
        var drafts: [(checkID: UUID, alert: Alert?, notice: CheckNotice, result: ProbeResult, at: Date)] = []
        var rows: [[BulkInsert.Value]] = []
        var summary = Summary()

        for item in batch.sorted(by: { $0.at < $1.at }) {
            guard let check = checks[item.checkID] else { continue }
            var stored = states[item.checkID] ?? StoredState(id: item.checkID)
            // Only a heartbeat has no probe, and so no result of its own.
            guard let result = item.result ?? check.heartbeat.map({ heartbeatResult($0, stored, createdAt: check.createdAt, at: item.at) })
            else { continue }
            // A heartbeat before its first chance has nothing to report: recording UNKNOWN would count as a problem
            // and open an alert for a job that has not yet had time to call. It stays pending until then.
            if item.result == nil, result.status == .unknown, stored.lastResultAt == nil { continue }
            let scopes = [check.id, check.assetID, check.assetID.flatMap { sites[$0] }].compactMap { $0 }
            let context = CheckContext(
                parentDown: check.parentID.flatMap { states[$0]?.state.hardStatus.isProblem } ?? false,
                inMaintenance: scopes.contains { scope in windows[scope]?.contains { $0.isActive(at: item.at) } ?? false })
            let outcome = stored.state.record(result.status, at: item.at, policy: check.policy, context: context)
            stored.state = outcome.state
            (stored.lastResultAt, stored.lastMilliseconds, stored.lastValue) = (item.at, result.milliseconds, result.value)
            (stored.lastProblem, stored.lastDetail) = (result.problem?.rawValue, String(result.detail.prefix(500)))
            states[item.checkID] = stored
            written.insert(item.checkID)
            rows.append([
                .uuid(item.checkID), .date(item.at), .text(result.status.rawValue), .bool(outcome.state.isHardProblem),
                result.milliseconds.map(BulkInsert.Value.int) ?? .null,
                result.value.map(BulkInsert.Value.int) ?? .null, result.problem.map { .text($0.rawValue) } ?? .null,
                .text(String(result.detail.prefix(500))),
            ])

            for event in outcome.events {
                switch event {
                case .hardProblem(let status):
                    let alert = Alert()
                    (alert.id, alert.checkID, alert.assetID, alert.statusRaw) = (UUID(), item.checkID, check.assetID, status.rawValue)
                    (alert.openedAt, alert.comment, alert.announced) = (item.at, "", false)
                    openAlerts[item.checkID] = alert
                    changedAlerts[alert.id!] = alert
                    events.append(AlertEvent(alertID: alert.id!, at: item.at, kind: .opened, detail: status.rawValue))
                    summary.opened += 1
                case .severityChanged(_, let to):
                    guard let alert = openAlerts[item.checkID] else { continue }
                    alert.statusRaw = to.rawValue
                    changedAlerts[alert.id!] = alert
                    events.append(AlertEvent(alertID: alert.id!, at: item.at, kind: .severity, detail: to.rawValue))
                case .recovered:
                    guard let alert = openAlerts.removeValue(forKey: item.checkID) else { continue }
                    alert.closedAt = item.at
                    changedAlerts[alert.id!] = alert
                    events.append(AlertEvent(alertID: alert.id!, at: item.at, kind: .recovered))
                    summary.closed += 1
                case .flappingStarted(let percent), .flappingStopped(let percent):
                    guard let alert = openAlerts[item.checkID] else { continue }
                    let kind: AlertEvent.Kind = if case .flappingStarted = event { .flapping } else { .settled }
                    events.append(AlertEvent(alertID: alert.id!, at: item.at, kind: kind, detail: String(percent)))
                case .softProblem, .softRecovery:
                    continue
                }
            }
            // The alert a notice is about: the open one, or for a recovery the one that just closed.
            let alert = openAlerts[item.checkID] ?? changedAlerts.values.first { $0.checkID == item.checkID && $0.closedAt == item.at }
            for decision in outcome.notices {
                switch decision {
                case .send(let notice):
                    if case .problem = notice, let alert {
                        alert.announced = true
                        changedAlerts[alert.id!] = alert
                    }
                    drafts.append((item.checkID, alert, notice, result, item.at))
                case .hold(_, let reason):
                    if let alert { events.append(AlertEvent(alertID: alert.id!, at: item.at, kind: .held, detail: reason.rawValue)) }
                }
            }
            summary.written += 1
        }

        try await BulkInsert.rows(into: CheckResultTable.name, columns: CheckResultTable.columns, rows, on: db)
        try await StoredState.write(written.compactMap { states[$0] }, on: sql)
        for alert in changedAlerts.values {
            if alert.$id.exists { try await alert.update(on: db) } else { try await alert.create(on: db) }
        }
        // What a message says needs the whole check and asset; read only for the few results that send one.
        let noticeChecks =
            drafts.isEmpty
            ? [:]
            : Dictionary(
                uniqueKeysWithValues: try await Check.query(on: db).filter(\.$id ~~ Set(drafts.map(\.checkID))).all().map { ($0.id!, $0) })
        let noticeAssets = try await CheckAssets.of(Array(noticeChecks.values), on: db)
        let notices = drafts.compactMap { draft -> AlertNotice? in
            guard let check = noticeChecks[draft.checkID] else { return nil }
            return AlertNotice(
                check: check, asset: check.assetID.flatMap { noticeAssets[$0] }, alert: draft.alert, notice: draft.notice,
                result: draft.result, at: draft.at)
        }
        let (queued, routedEvents) = try await router.send(notices, on: db)
        for event in events + routedEvents { try await event.create(on: db) }
        summary.queued = queued
        return summary
    }

    /// The site of each asset.
    private static func sites(of assetIDs: Set<UUID>, on sql: any SQLDatabase) async throws -> [UUID: UUID] {
        var sites: [UUID: UUID] = [:]
        for chunk in assetIDs.boundChunks() {
            let rows = try await sql.select().column("id").column("site_id").from(Asset.schema).where("id", .in, SQLBind.group(chunk)).all()
            for row in rows {
                if let site = try row.decode(column: "site_id", as: UUID?.self) {
                    sites[try row.decode(column: "id", as: UUID.self)] = site
                }
            }
        }
        return sites
    }
}
