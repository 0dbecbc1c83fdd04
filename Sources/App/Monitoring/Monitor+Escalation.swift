import Domain
import Fluent
import Foundation
import NIOPosix
import Probes
import SQLKit
import Vapor

/// Escalation: announced problems nobody took on in time go to the escalation channels.
extension Monitor {
    /// Announced problems nobody acknowledged within their check's delay go to the escalation channels, once.
    func escalate() async throws {
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
