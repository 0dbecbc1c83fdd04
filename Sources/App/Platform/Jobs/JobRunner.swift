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
    private let app: Application
    private let registry: JobRegistry
    private let owner: String
    private let leaseSeconds: TimeInterval
    private let batchSize: Int
    private let backoff = RetryBackoff()
    private var loop: Task<Void, Never>?

    init(app: Application, registry: JobRegistry, owner: String, leaseSeconds: TimeInterval = 300, batchSize: Int = 4) {
        self.app = app
        self.registry = registry
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.batchSize = batchSize
    }

    private var now: Date { app.services.clock.now() }

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

    struct ClaimedJob: Sendable {
        let id: UUID
        let name: String
        let payload: String
        let schedule: String?
        let attempts: Int
        let maxAttempts: Int
    }

    private func claim(limit: Int) async throws -> [ClaimedJob] {
        let now = self.now
        let leaseUntil = now.addingTimeInterval(leaseSeconds)
        let owner = self.owner
        let rows = try await app.write(appendsToAuditTrail: false) { db in
            let sql = db.sql
            // The dialect difference lives here and nowhere else.
            let lock: SQLQueryString = sql.dialect.name == "postgresql" ? "FOR UPDATE SKIP LOCKED" : ""
            return try await sql.raw(
                """
                UPDATE jobs SET status = 'running', lease_owner = \(bind: owner), lease_expires_at = \(bind: leaseUntil),
                    attempts = attempts + 1, last_run_at = \(bind: now)
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE status IN ('pending', 'running') AND run_at <= \(bind: now)
                      AND (lease_expires_at IS NULL OR lease_expires_at < \(bind: now))
                    ORDER BY run_at LIMIT \(literal: limit) \(lock))
                RETURNING id, name, payload, schedule, attempts, max_attempts
                """
            ).all()
        }
        return try rows.map { row in
            ClaimedJob(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                payload: try row.decode(column: "payload", as: String.self),
                schedule: try row.decode(column: "schedule", as: String?.self), attempts: try row.decode(column: "attempts", as: Int.self),
                maxAttempts: try row.decode(column: "max_attempts", as: Int.self))
        }
    }

    private func execute(_ job: ClaimedJob) async {
        let started = now
        var failure: String?
        if let handler = registry.handlers[job.name] {
            let context = JobContext(jobID: job.id, name: job.name, payload: job.payload, attempt: job.attempts, app: app, now: started)
            do {
                try await handler(context)
            } catch {
                failure = String(describing: error).prefix(500).description
            }
        } else {
            failure = "no handler for job \(job.name) in this build"
        }
        app.services.metrics.makeCounter(
            descriptor: MetricNames.jobRuns, labels: [("job", job.name), ("outcome", failure == nil ? "success" : "failure")]
        ).increment()
        do {
            try await finish(job, failure: failure)
        } catch {
            app.logger.error("job \(job.name) could not be finished: \(String(reflecting: error))")
        }
    }

    private func finish(_ job: ClaimedJob, failure: String?) async throws {
        let now = self.now
        let owner = self.owner
        let schedule = job.schedule.flatMap { try? JobSchedule.parse($0) }
        let retryAt = now.addingTimeInterval(backoff.delay(afterFailures: job.attempts))
        try await app.write(appendsToAuditTrail: false) { db in
            // Only the lease holder may finish the job: if the lease was lost, the new holder decides.
            guard let row = try await Job.query(on: db).filter(\.$id == job.id).filter(\.$leaseOwner == owner).first() else { return }
            row.leaseOwner = nil
            row.leaseExpiresAt = nil
            if let failure {
                row.lastError = failure
                if job.attempts < job.maxAttempts {
                    row.statusRaw = Job.Status.pending.rawValue
                    row.runAt = retryAt
                } else if let schedule {
                    row.statusRaw = Job.Status.pending.rawValue
                    row.attempts = 0
                    row.runAt = schedule.nextRun(after: now)
                } else {
                    row.statusRaw = Job.Status.failed.rawValue
                }
            } else {
                row.lastError = nil
                row.lastSuccessAt = now
                if let schedule {
                    row.statusRaw = Job.Status.pending.rawValue
                    row.attempts = 0
                    row.runAt = schedule.nextRun(after: now)
                } else {
                    row.statusRaw = Job.Status.done.rawValue
                }
            }
            try await row.update(on: db)
        }
    }
}

extension Application {
    private struct JobRunnerKey: StorageKey { typealias Value = JobRunner }

    var jobRunner: JobRunner {
        get { storage[JobRunnerKey.self]! }
        set { storage[JobRunnerKey.self] = newValue }
    }
}
