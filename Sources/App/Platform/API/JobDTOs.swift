import Domain
import Foundation
import Vapor

struct JobDTO: Content {
    let id: UUID
    let name: String
    let kind: String
    let schedule: String?
    let status: String
    let runAt: Date
    let attempts: Int
    let lastError: String?
    let lastRunAt: Date?
    let lastSuccessAt: Date?
    let leaseOwner: String?

    init(_ job: Job) {
        id = job.id!
        name = job.name
        kind = job.kindRaw
        schedule = job.schedule
        status = job.statusRaw
        runAt = job.runAt
        attempts = job.attempts
        lastError = job.lastError
        lastRunAt = job.lastRunAt
        lastSuccessAt = job.lastSuccessAt
        leaseOwner = job.leaseOwner
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "name": .string(), "kind": .string(enumeration: ["scheduled", "queued"]),
            "schedule": .nullable(.string()), "status": .string(enumeration: ["pending", "running", "done", "failed"]),
            "runAt": .string(format: "date-time"), "attempts": .integer(minimum: 0), "lastError": .nullable(.string()),
            "lastRunAt": .nullable(.string(format: "date-time")), "lastSuccessAt": .nullable(.string(format: "date-time")),
            "leaseOwner": .nullable(.string()),
        ], required: ["id", "name", "kind", "status", "runAt", "attempts"])
}
