import Domain
import Fluent
import Foundation
import NIOPosix
import Probes
import SQLKit
import Vapor

/// Runs the checks of the shares this instance leases: a `CheckScheduler` starts each on its interval, results
/// gather in memory and are written together about once a second (`ResultRecorder`), and every few seconds the
/// leases are renewed, changed checks rescheduled and overdue escalations sent.
actor Monitor {
    struct Entry: Sendable {
        let version: Int
        let shard: Int
        let definition: CheckDefinition
        let probe: Probe?
    }

    struct Statistics: Sendable {
        var scheduled = 0
        var shards: [Int] = []
        var written = 0
        var scheduler: CheckScheduler<UUID>.Statistics?
    }

    private let app: Application
    private let owner: String
    private let leases: MonitorLeases
    private let runtime: Probe.Runtime
    private let refreshSeconds: Double
    private let flushSeconds: Double
    private var scheduler: CheckScheduler<UUID>?
    private var entries: [UUID: Entry] = [:]
    private var owned: Set<Int> = []
    private var pending: [PendingResult] = []
    private var written = 0
    private var tasks: [Task<Void, Never>] = []
    /// The check table's fingerprint at the last load (count and latest change), so an unchanged table is not re-read.
    private var fingerprint = ""

    init(app: Application, owner: String, leaseSeconds: TimeInterval = 30, refreshSeconds: Double = 5, flushSeconds: Double = 1) {
        self.app = app
        self.owner = owner
        self.leases = MonitorLeases(owner: owner, leaseSeconds: leaseSeconds)
        self.runtime = Probe.Runtime(
            group: app.eventLoopGroup, pool: NIOThreadPool.singleton, http: HTTPProbeClients(group: app.eventLoopGroup))
        self.refreshSeconds = refreshSeconds
        self.flushSeconds = flushSeconds
    }

    private var now: Date { app.services.clock.now() }

    func start(maximumConcurrent: Int = 512) {
        guard tasks.isEmpty else { return }
        let scheduler = CheckScheduler<UUID>(
            maximumConcurrent: maximumConcurrent, spread: Self.spread,
            execute: { [weak self] id, _ in await self?.execute(id) })
        self.scheduler = scheduler
        tasks.append(Task { await scheduler.run() })
        tasks.append(
            Task { [weak self] in
                while !Task.isCancelled {
                    await self?.refresh()
                    try? await Task.sleep(for: .seconds(self?.refreshSeconds ?? 5))
                }
            })
        tasks.append(
            Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(self?.flushSeconds ?? 1))
                    await self?.flush()
                }
            })
    }

    /// Stops scheduling, writes what is gathered and gives the leases back.
    func stop() async {
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        tasks = []
        await flush()
        do {
            try await app.write(appendsToAuditTrail: false) { [leases] db in try await leases.release(on: db) }
        } catch {
            app.logger.warning("monitor leases could not be released: \(String(reflecting: error))")
        }
        try? await runtime.http.shutdown()
    }

    var statistics: Statistics {
        get async {
            Statistics(
                scheduled: entries.count, shards: owned.sorted(), written: written, scheduler: await scheduler?.currentStatistics)
        }
    }

    /// Where in its interval a check runs: from its id, the same on every instance and across restarts.
    static let spread: @Sendable (UUID) -> Double = { id in
        let bytes = id.uuid
        let value = (UInt32(bytes.12) << 24) | (UInt32(bytes.13) << 16) | (UInt32(bytes.14) << 8) | UInt32(bytes.15)
        return Double(value) / Double(UInt32.max)
    }

    // MARK: Running

    private func execute(_ id: UUID) async {
        guard let entry = entries[id] else { return }
        let started = now
        let result = await entry.probe?.run(runtime, now: started)
        pending.append(PendingResult(checkID: id, at: started, result: result))
    }

    /// Writes the gathered results, in one transaction.
    func flush() async {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        do {
            let summary = try await ResultRecorder(app: app).record(batch, owner: owner)
            written += summary.written
        } catch {
            app.logger.error("monitor could not write \(batch.count) results: \(String(reflecting: error))")
            // Kept for the next flush, unless the backlog grows beyond a minute of results.
            if pending.count < 100_000 { pending = batch + pending }
        }
    }

    /// Runs checks at once, outside their schedule, and writes their results (the check page's "Run now", the
    /// command line, tests). Works whichever instance holds the check's share.
    @discardableResult
    func runNow(_ ids: [UUID]) async throws -> [UUID: ProbeResult] {
        let checks = try await Check.query(on: app.db).filter(\.$id ~~ ids).all()
        let runtime = self.runtime
        let started = now
        let results = await withTaskGroup(of: PendingResult.self) { group in
            for check in checks {
                let probe = check.definition.probe()
                group.addTask { PendingResult(checkID: check.id!, at: started, result: await probe?.run(runtime, now: started)) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        try await ResultRecorder(app: app).record(results, owner: nil)
        var found: [UUID: ProbeResult] = [:]
        let states = try await CheckStateRecord.query(on: app.db).filter(\.$id ~~ ids).all()
        for item in results {
            if let result = item.result {
                found[item.checkID] = result
            } else if let state = states.first(where: { $0.id == item.checkID }) {
                found[item.checkID] = ProbeResult(
                    status: state.status, value: state.lastValue, problem: state.problem, detail: state.lastDetail)
            }
        }
        return found
    }

    // MARK: Leases and schedule

    func refresh() async {
        do {
            let now = self.now
            let held = try await app.write(appendsToAuditTrail: false) { [leases] db in try await leases.refresh(on: db, now: now) }
            let sql = app.db.sql
            let row = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLFunction("MAX", args: SQLColumn("updated_at")), as: "latest").from(Check.schema).first()
            let print =
                "\(try row?.decode(column: "n", as: Int.self) ?? 0):\(try row?.decode(column: "latest", as: Date?.self) ?? .distantPast)"
            if held != owned || print != fingerprint {
                try await reschedule(shards: held)
                (owned, fingerprint) = (held, print)
            }
            try await escalate()
        } catch {
            app.logger.error("monitor refresh failed: \(String(reflecting: error))")
        }
    }

    private func reschedule(shards: Set<Int>) async throws {
        guard let scheduler else { return }
        // Which checks and at which version, by SQL; whole checks only for those new or changed since the last look,
        // so an edit among 12,000 checks does not rebuild 12,000 models.
        var listed: [(id: UUID, version: Int, shard: Int)] = []
        if !shards.isEmpty {
            let rows = try await app.db.sql.select().columns("id", "version", "shard").from(Check.schema)
                .where("shard", .in, SQLBind.group(Array(shards))).where("enabled", .equal, SQLBind(true)).all()
            listed = try rows.map {
                (
                    try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "version", as: Int.self),
                    try $0.decode(column: "shard", as: Int.self)
                )
            }
        }
        var next: [UUID: Entry] = [:]
        var changed: Set<UUID> = []
        for check in listed {
            if let existing = entries[check.id], existing.version == check.version, existing.shard == check.shard {
                next[check.id] = existing
            } else {
                changed.insert(check.id)
            }
        }
        for chunk in changed.boundChunks() {
            for check in try await Check.query(on: app.db).filter(\.$id ~~ chunk).filter(\.$enabled == true).all()
            where shards.contains(check.shard) {
                let definition = check.definition
                next[check.id!] = Entry(version: check.version, shard: check.shard, definition: definition, probe: definition.probe())
                await scheduler.schedule(
                    check.id!, every: .seconds(definition.scheduleSeconds), deadline: .seconds(definition.timeoutSeconds + 5))
            }
        }
        for id in entries.keys where next[id] == nil { await scheduler.remove(id) }
        entries = next
    }

    /// Announced problems nobody acknowledged within their check's delay go to the escalation channels, once.
    private func escalate() async throws {
        let owned = self.owned
        guard !owned.isEmpty else { return }
        let now = self.now
        let candidates = try await Check.query(on: app.db).filter(\.$shard ~~ owned).filter(\.$escalateAfterMinutes != nil).all()
        guard !candidates.isEmpty else { return }
        let states = try await CheckStateRecord.query(on: app.db).filter(\.$id ~~ candidates.map { $0.id! }).filter(
            \.$hardStatusRaw != "ok"
        )
        .all()
        let due = candidates.filter { check in
            states.first { $0.id == check.id }?.state.escalationDue(at: now, after: TimeInterval((check.escalateAfterMinutes ?? 0) * 60))
                ?? false
        }
        guard !due.isEmpty else { return }
        let localizer = app.services.localizer
        let timeZone = try await app.services.organisation.current(on: app.db).timeZone
        try await app.write(appendsToAuditTrail: false) { db in
            let router = AlertRouter(
                localizer: localizer, now: now, timeZone: timeZone, settings: try await NotificationSettings.current(on: db))
            let states = try await ResultRecorder.lockedStates(Set(due.map { $0.id! }), on: db)
            var notices: [AlertNotice] = []
            for check in due {
                guard let record = states[check.id!],
                    record.state.escalationDue(at: now, after: TimeInterval((check.escalateAfterMinutes ?? 0) * 60)),
                    let alert = try await Alert.query(on: db).filter(\.$checkID == check.id!).filter(\.$closedAt == nil).first()
                else { continue }
                record.apply(record.state.escalating())
                try await record.update(on: db)
                alert.escalatedAt = now
                try await alert.update(on: db)
                let asset = try await check.assetID.asyncMap { try await Asset.find($0, on: db) } ?? nil
                let result = ProbeResult(
                    status: record.status, milliseconds: record.lastMilliseconds, value: record.lastValue, problem: record.problem,
                    detail: record.lastDetail)
                notices.append(
                    AlertNotice(
                        check: check, asset: asset, alert: alert, notice: .problem(record.hardStatus), result: result, at: now,
                        escalation: true))
            }
            let (_, events) = try await router.send(notices, on: db)
            for event in events { try await event.create(on: db) }
        }
    }
}

extension Application {
    private struct MonitorKey: StorageKey { typealias Value = Monitor }

    var monitor: Monitor {
        get { storage[MonitorKey.self]! }
        set { storage[MonitorKey.self] = newValue }
    }
}

/// Starts the monitor when a server boots with `runChecks`, and stops it (closing its HTTP clients, which "Run now"
/// uses too) when the application shuts down.
struct MonitorLifecycle: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        if application.services.config.runChecks { await application.monitor.start() }
    }

    func shutdownAsync(_ application: Application) async {
        await application.monitor.stop()
    }
}
