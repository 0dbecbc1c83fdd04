import Domain
import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// Runs due jobs. Each claim takes a lease (owner + expiry) on the row; on PostgreSQL the claim skips rows another
/// instance has locked (`FOR UPDATE SKIP LOCKED`), so no job runs twice at once, and a row whose lease expired —
/// its instance died — is claimed again. On SQLite one process runs everything.
actor JobRunner {
    let app: Application
    let registry: JobRegistry
    let owner: String
    let leaseSeconds: TimeInterval
    private let batchSize: Int
    let backoff = RetryBackoff()
    private var loop: Task<Void, Never>?

    init(app: Application, registry: JobRegistry, owner: String, leaseSeconds: TimeInterval = 300, batchSize: Int = 4) {
        self.app = app
        self.registry = registry
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.batchSize = batchSize
    }

    var now: Date { app.services.clock.now() }

    /// Makes sure every scheduled job has its row. Safe to call from several instances at once.
    func registerSchedules() async throws {
        for scheduled in registry.scheduled {
            let now = self.now
            let exists = try await Job.query(on: app.db).filter(\.$dedupeKey == scheduled.name).first() != nil
            guard !exists else { continue }
            do {
                try await app.write(appendsToAuditTrail: false) { db in
                    try await Job(
                        name: scheduled.name, kind: .scheduled, schedule: scheduled.schedule.description, payload: "", runAt: now,
                        maxAttempts: 3, now: now, dedupeKey: scheduled.name
                    ).create(on: db)
                }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue  // Another instance registered it first.
            }
        }
    }

    /// Queues a one-off job.
    @discardableResult
    func enqueue(_ name: String, payload: String = "", runAt: Date? = nil, maxAttempts: Int = 5) async throws -> UUID {
        let now = self.now
        let job = Job(
            name: name, kind: .queued, schedule: nil, payload: payload, runAt: runAt ?? now, maxAttempts: maxAttempts, now: now,
            dedupeKey: nil)
        try await app.write(appendsToAuditTrail: false) { db in try await job.create(on: db) }
        return try job.requireID()
    }

    /// Claims and runs due jobs until none is left; returns how many ran.
    @discardableResult
    func runDueJobs() async -> Int {
        var total = 0
        while !Task.isCancelled {
            let claimed: [ClaimedJob]
            do {
                claimed = try await claim(limit: batchSize)
            } catch {
                app.logger.error("job claim failed: \(String(reflecting: error))")
                return total
            }
            if claimed.isEmpty { break }
            await withTaskGroup(of: Void.self) { group in
                for job in claimed {
                    group.addTask { await self.execute(job) }
                }
            }
            total += claimed.count
        }
        return total
    }

    func start(pollInterval: TimeInterval) {
        guard loop == nil else { return }
        loop = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                await self.runDueJobs()
                try? await Task.sleep(for: .seconds(pollInterval))
            }
        }
    }

    func stop() async {
        loop?.cancel()
        await loop?.value
        loop = nil
    }
}

extension Application {
    private struct JobRunnerKey: StorageKey { typealias Value = JobRunner }

    var jobRunner: JobRunner {
        get { storage[JobRunnerKey.self]! }
        set { storage[JobRunnerKey.self] = newValue }
    }
}
