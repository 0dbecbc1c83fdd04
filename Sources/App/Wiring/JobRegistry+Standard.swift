import Domain
import Vapor

extension JobRegistry {
    /// The jobs every installation runs.
    static var standard: JobRegistry {
        var registry = JobRegistry()
        registry.schedule("sessions.cleanup", .every(seconds: 900)) { context in
            let lifetime = context.app.services.sessionLifetime
            try await context.app.write(appendsToAuditTrail: false) { db in
                try await SessionCleanup.run(on: db, now: context.now, lifetime: lifetime)
            }
        }
        registry.schedule(NotificationService.deliverJob, .every(seconds: 30)) { context in
            _ = try await NotificationService(app: context.app, actor: .system).deliverDue()
        }
        registry.schedule(DeadlineReminders.job, .every(seconds: 3600)) { context in
            try await DeadlineReminders.run(app: context.app, now: context.now)
        }
        registry.schedule(FaultForecastJob.job, .every(seconds: 6 * 3600)) { context in
            try await FaultForecastJob.run(app: context.app, now: context.now)
        }
        registry.schedule(CheckRetention.job, .every(seconds: 3600)) { context in
            try await CheckRetention.run(app: context.app, now: context.now)
        }
        registry.schedule(UsageFindings.job, .every(seconds: 3600)) { context in
            try await UsageFindings.run(app: context.app, now: context.now)
        }
        registry.schedule(UsageRetention.job, .every(seconds: 3600)) { context in
            try await UsageRetention.run(app: context.app, now: context.now)
        }
        registry.schedule(AccessRetention.job, .every(seconds: 24 * 3600)) { context in
            try await AccessRetention.run(app: context.app, now: context.now)
        }
        registry.schedule(DirectoryProvisioner.job, .every(seconds: 30)) { context in
            _ = try await DirectoryProvisioner.runDue(app: context.app)
        }
        registry.schedule(DirectoryReconciliation.job, .every(seconds: 24 * 3600)) { context in
            guard try await DirectorySettings.current(on: context.app.db).isConfigured else { return }
            try await DirectoryReconciliation.run(app: context.app)
        }
        return registry
    }
}
