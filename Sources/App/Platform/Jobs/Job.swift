import Domain
import Fluent
import Foundation
import Vapor

/// A background job: scheduled (runs again and again on its schedule) or queued (runs once, retried on failure).
final class Job: Model, @unchecked Sendable {
    static let schema = "jobs"

    enum Kind: String, Codable, Sendable { case scheduled, queued }
    enum Status: String, Codable, Sendable { case pending, running, done, failed }

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "schedule") var schedule: String?
    @Field(key: "payload") var payload: String
    @Field(key: "status") var statusRaw: String
    @Field(key: "run_at") var runAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "max_attempts") var maxAttempts: Int
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_expires_at") var leaseExpiresAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "last_run_at") var lastRunAt: Date?
    @OptionalField(key: "last_success_at") var lastSuccessAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "dedupe_key") var dedupeKey: String?

    init() {}

    init(name: String, kind: Kind, schedule: String?, payload: String, runAt: Date, maxAttempts: Int, now: Date, dedupeKey: String?) {
        self.name = name
        self.kindRaw = kind.rawValue
        self.schedule = schedule
        self.payload = payload
        self.statusRaw = Status.pending.rawValue
        self.runAt = runAt
        self.attempts = 0
        self.maxAttempts = maxAttempts
        self.createdAt = now
        self.dedupeKey = dedupeKey
    }
}

/// What a job's code receives.
struct JobContext: Sendable {
    let jobID: UUID
    let name: String
    let payload: String
    let attempt: Int
    let app: Application
    let now: Date
}

/// The job names this build knows, with their code, and the schedules of the recurring ones.
struct JobRegistry: Sendable {
    typealias Handler = @Sendable (JobContext) async throws -> Void

    struct Scheduled: Sendable {
        let name: String
        let schedule: JobSchedule
    }

    private(set) var handlers: [String: Handler] = [:]
    private(set) var scheduled: [Scheduled] = []

    mutating func register(_ name: String, handler: @escaping Handler) {
        handlers[name] = handler
    }

    mutating func schedule(_ name: String, _ schedule: JobSchedule, handler: @escaping Handler) {
        handlers[name] = handler
        scheduled.append(Scheduled(name: name, schedule: schedule))
    }
}

/// Deletes expired sessions and sign-in attempts older than a day: they are personal data with no further use.
enum SessionCleanup {
    static func run(on db: any Database, now: Date, lifetime: SessionLifetime) async throws {
        try await UserSession.query(on: db)
            .group(.or) {
                $0.filter(\.$createdAt < now.addingTimeInterval(-lifetime.absolute))
                    .filter(\.$lastSeenAt < now.addingTimeInterval(-lifetime.idle))
            }
            .delete()
        try await LoginAttempt.query(on: db).filter(\.$occurredAt < now.addingTimeInterval(-86400)).delete()
    }
}
