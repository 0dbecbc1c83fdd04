import Domain
import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// Claiming due jobs under a lease, running their handlers, and recording how each ended.
extension JobRunner {
    struct ClaimedJob: Sendable {
        let id: UUID
        let name: String
        let payload: String
        let schedule: String?
        let attempts: Int
        let maxAttempts: Int
    }

    func claim(limit: Int) async throws -> [ClaimedJob] {
        let now = self.now
        let leaseUntil = now.addingTimeInterval(leaseSeconds)
        let owner = self.owner
        let rows = try await app.write(appendsToAuditTrail: false) { db in
            let sql = db.sql
            // The dialect difference lives here and nowhere else.
            let lock = sql.engine.rowLock(skippingLocked: true)
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

    func execute(_ job: ClaimedJob) async {
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
