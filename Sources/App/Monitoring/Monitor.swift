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

    let app: Application
    let owner: String
    let leases: MonitorLeases
    let runtime: Probe.Runtime
    private let refreshSeconds: Double
    private let flushSeconds: Double
    var scheduler: CheckScheduler<UUID>?
    var entries: [UUID: Entry] = [:]
    var owned: Set<Int> = []
    var pending: [PendingResult] = []
    var written = 0
    private var tasks: [Task<Void, Never>] = []
    /// The check table's fingerprint at the last load (count and latest change), so an unchanged table is not re-read.
    var fingerprint = ""

    init(app: Application, owner: String, leaseSeconds: TimeInterval = 30, refreshSeconds: Double = 5, flushSeconds: Double = 1) {
        self.app = app
        self.owner = owner
        self.leases = MonitorLeases(owner: owner, leaseSeconds: leaseSeconds)
        self.runtime = Probe.Runtime(
            group: app.eventLoopGroup, pool: NIOThreadPool.singleton, http: HTTPProbeClients(group: app.eventLoopGroup))
        self.refreshSeconds = refreshSeconds
        self.flushSeconds = flushSeconds
    }

    var now: Date { app.services.clock.now() }

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
}
