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

    /// A heartbeat's status at `time`, from its last call.
    static func heartbeatResult(_ rule: HeartbeatRule, _ stored: StoredState, createdAt: Date, at time: Date) -> ProbeResult {
        let status = rule.status(lastCall: stored.lastCallAt, createdAt: createdAt, now: time)
        let detail = stored.lastCallAt.map { ISO8601DateFormatter().string(from: $0) } ?? ""
        let seconds = stored.lastCallAt.map { Int(time.timeIntervalSince($0)) }
        return ProbeResult(status: status, value: seconds, problem: status == .critical ? .timeout : nil, detail: detail)
    }

    /// The states of `ids`, locked until the transaction ends on PostgreSQL, so that an acknowledgement and a
    /// result never overwrite each other.
    static func lockedStates(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: CheckStateRecord] {
        let sql = db.sql
        let lock = sql.engine == .postgresql
        var states: [UUID: CheckStateRecord] = [:]
        // Locked in the order of their ids, a thousand at a time, as the recorder locks them (`StoredState.read`).
        for chunk in ids.boundChunks(sorted: lock) {
            if lock {
                _ = try await sql.select().column("id").from(CheckStateRecord.schema).where("id", .in, SQLBind.group(chunk)).orderBy("id")
                    .for(.update).all()
            }
            for state in try await CheckStateRecord.query(on: db).filter(\.$id ~~ chunk).all() { states[state.id!] = state }
        }
        return states
    }
}
