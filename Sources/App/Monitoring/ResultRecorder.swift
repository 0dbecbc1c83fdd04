import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// One result waiting to be written: a probe's, or for a heartbeat nil (judged from its last call when written).
struct PendingResult: Sendable {
    let checkID: UUID
    let at: Date
    let result: ProbeResult?
}

/// Writes a batch of results in one transaction: the raw rows, each check's next state, the alerts that open,
/// change and close with their timelines, and the notifications those changes send — so a notification is queued
/// exactly when what it reports is recorded.
struct ResultRecorder: Sendable {
    let app: Application

    /// Most alert messages one channel gets in an hour; beyond it problems are held (said in the alert's timeline)
    /// and one message tells the channel so. Recoveries always go, so each announced problem gets its one recovery.
    static let channelLimitPerHour = 30

    struct Summary: Sendable, Equatable {
        var written = 0
        var opened = 0
        var closed = 0
        var queued = 0
    }

    /// - Parameter owner: when given, only results of checks in shares this instance still holds are written.
    @discardableResult
    func record(_ batch: [PendingResult], owner: String?) async throws -> Summary {
        guard !batch.isEmpty else { return Summary() }
        let now = app.services.clock.now()
        let localizer = app.services.localizer
        let timeZone = try await app.services.organisation.current(on: app.db).timeZone
        return try await app.write(appendsToAuditTrail: false) { db in
            let router = AlertRouter(
                localizer: localizer, now: now, timeZone: timeZone, settings: try await NotificationSettings.current(on: db))
            return try await Self.write(batch, owner: owner, now: now, router: router, on: db)
        }
    }

    private static func write(_ batch: [PendingResult], owner: String?, now: Date, router: AlertRouter, on db: any Database) async throws
        -> Summary
    {
        let ids = Set(batch.map(\.checkID))
        var checks = Dictionary(uniqueKeysWithValues: try await Check.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        if let owner {
            let held = try await MonitorLeases.held(by: owner, on: db, now: now)
            checks = checks.filter { held.contains($0.value.shard) }
        }
        guard !checks.isEmpty else { return Summary() }
        let parentIDs = Set(checks.values.compactMap(\.parentID))
        var states = try await lockedStates(Set(checks.keys).union(parentIDs), on: db)
        let assetIDs = Set(checks.values.compactMap(\.assetID))
        let assets = Dictionary(uniqueKeysWithValues: try await Asset.query(on: db).filter(\.$id ~~ assetIDs).all().map { ($0.id!, $0) })
        let siteIDs = Set(assets.values.compactMap(\.siteID))
        let windows = try await MaintenanceWindow.query(on: db).filter(\.$scopeID ~~ Set(checks.keys).union(assetIDs).union(siteIDs)).all()
            .reduce(into: [UUID: [MaintenanceSchedule]]()) { byScope, window in
                if let schedule = MaintenanceCalendar.schedule(window) { byScope[window.scopeID, default: []].append(schedule) }
            }
        var openAlerts = Dictionary(
            try await Alert.query(on: db).filter(\.$checkID ~~ Set(checks.keys)).filter(\.$closedAt == nil).all().map { ($0.checkID, $0) }
        ) { first, _ in first }
        var created: Set<UUID> = []
        var changedAlerts: [UUID: Alert] = [:]
        var events: [AlertEvent] = []
        var notices: [AlertNotice] = []
        var rows: [[BulkInsert.Value]] = []
        var summary = Summary()

        for item in batch.sorted(by: { $0.at < $1.at }) {
            guard let check = checks[item.checkID] else { continue }
            let record = states[item.checkID] ?? CheckStateRecord(checkID: item.checkID)
            if states[item.checkID] == nil {
                states[item.checkID] = record
                created.insert(item.checkID)
            }
            let result = item.result ?? heartbeatResult(check, record, at: item.at)
            // A heartbeat before its first chance has nothing to report: recording UNKNOWN would count as a problem
            // and open an alert for a job that has not yet had time to call. It stays pending until then.
            if item.result == nil, result.status == .unknown, record.lastResultAt == nil { continue }
            let asset = check.assetID.flatMap { assets[$0] }
            let scopes = [check.id, check.assetID, asset?.siteID].compactMap { $0 }
            let context = CheckContext(
                parentDown: check.parentID.flatMap { states[$0]?.hardStatus.isProblem } ?? false,
                inMaintenance: scopes.contains { scope in windows[scope]?.contains { $0.isActive(at: item.at) } ?? false })
            let outcome = record.state.record(result.status, at: item.at, policy: check.definition.policy, context: context)
            record.apply(outcome.state)
            (record.lastResultAt, record.lastMilliseconds, record.lastValue) = (item.at, result.milliseconds, result.value)
            (record.lastProblem, record.lastDetail) = (result.problem?.rawValue, String(result.detail.prefix(500)))
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
                    notices.append(AlertNotice(check: check, asset: asset, alert: alert, notice: notice, result: result, at: item.at))
                case .hold(_, let reason):
                    if let alert { events.append(AlertEvent(alertID: alert.id!, at: item.at, kind: .held, detail: reason.rawValue)) }
                }
            }
            summary.written += 1
        }

        try await BulkInsert.rows(into: CheckResultTable.name, columns: CheckResultTable.columns, rows, on: db)
        for (id, record) in states where checks[id] != nil {
            if created.contains(id) { try await record.create(on: db) } else { try await record.update(on: db) }
        }
        for alert in changedAlerts.values {
            if alert.$id.exists { try await alert.update(on: db) } else { try await alert.create(on: db) }
        }
        let (queued, routedEvents) = try await router.send(notices, on: db)
        for event in events + routedEvents { try await event.create(on: db) }
        summary.queued = queued
        return summary
    }

    /// A heartbeat's status at `time`, from its last call.
    static func heartbeatResult(_ check: Check, _ record: CheckStateRecord, at time: Date) -> ProbeResult {
        let rule = check.definition.heartbeatRule
        let status = rule.status(lastCall: record.lastCallAt, createdAt: check.createdAt, now: time)
        let detail = record.lastCallAt.map { ISO8601DateFormatter().string(from: $0) } ?? ""
        let seconds = record.lastCallAt.map { Int(time.timeIntervalSince($0)) }
        return ProbeResult(status: status, value: seconds, problem: status == .critical ? .timeout : nil, detail: detail)
    }

    /// The states of `ids`, locked until the transaction ends on PostgreSQL, so that an acknowledgement and a
    /// result never overwrite each other.
    static func lockedStates(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: CheckStateRecord] {
        guard !ids.isEmpty else { return [:] }
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            _ = try await sql.raw("SELECT id FROM check_states WHERE id IN \(SQLBind.group(Array(ids))) ORDER BY id FOR UPDATE").all()
        }
        return Dictionary(uniqueKeysWithValues: try await CheckStateRecord.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
    }
}
