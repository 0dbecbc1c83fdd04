import Domain
import Fluent
import Foundation
import NIOPosix
import Probes
import SQLKit
import Vapor

/// Running checks, on schedule or at once, and writing their results.
extension Monitor {
    func execute(_ id: UUID) async {
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
}
